package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.InstanceStatus;
import dev.berth.core.error.BerthException;
import dev.berth.core.testing.TestCore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public abstract class InstancesContract extends RepositoryContract {
    private static final Principal MANAGER = new Principal("t1", "tester", Role.MANAGER);

    public static InstanceSettings settings(String name, String subDomain) {
        return TestCore.settings(name, subDomain);
    }

    @Test
    public void createsReadsAndAuditsAnInstance() {
        Instance created = core.instances().create(MANAGER, settings("Demo", "demo"));
        Instance read = repositories.instances().get(created.id());
        assertEquals(created, read);
        assertEquals(1, read.version());
        var audit = repositories.audit().list(created.id(), 10, null).items();
        assertEquals(1, audit.size());
        assertEquals("create", audit.get(0).action());
        assertEquals(MANAGER.actor(), audit.get(0).actor());
        assertEquals(1L, audit.get(0).newVersion());
    }

    @Test
    public void everySettingIsStoredAndReadBack() {
        InstanceSettings s = settings("Whole", "whole");
        InstanceSettings whole = new InstanceSettings(s.name(), s.subDomain(), s.baseDomain(), s.domainPrefixes(), s.openedxRelease(),
                s.tutorVersion(), s.plugins(), s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(), "LANGUAGE_CODE: fr\n", true,
                "owner@example.com", true, "weekly", "production",
                new dev.berth.core.domain.ComputeSettings("m1.xlarge", "ubuntu-24.04", List.of("monitoring"), "#cloud-config\n"),
                List.of("extraSettings", "rebuildSchedule"));
        Instance created = core.instances().create(MANAGER, whole);
        assertEquals(whole, repositories.instances().get(created.id()).settings());
    }

    @Test
    public void aSubDomainBelongsToOneInstanceOnly() {
        core.instances().create(MANAGER, settings("One", "demo"));
        BerthException e = assertThrows(BerthException.class, () -> core.instances().create(MANAGER, settings("Two", "demo")));
        assertEquals("duplicate_sub_domain", e.code());
        assertEquals(1, repositories.instances().list(InstanceStatus.ACTIVE, null, 50, null).items().size());
    }

    @Test
    public void renamingTheSubDomainMovesTheGuard() {
        Instance a = core.instances().create(MANAGER, settings("A", "alpha"));
        Instance b = core.instances().create(MANAGER, settings("B", "beta"));
        BerthException taken = assertThrows(BerthException.class, () -> core.instances().changeSettings(MANAGER, b.id(), b.version(),
                s -> settings("B", "alpha")));
        assertEquals("duplicate_sub_domain", taken.code());
        assertEquals(1, repositories.instances().get(b.id()).version(), "a refused change writes nothing");
        core.instances().changeSettings(MANAGER, a.id(), 1L, s -> settings("A", "gamma"));
        // alpha is free again, gamma is taken
        core.instances().changeSettings(MANAGER, b.id(), 1L, s -> settings("B", "alpha"));
        assertThrows(BerthException.class, () -> core.instances().create(MANAGER, settings("C", "gamma")));
    }

    @Test
    public void aStaleVersionIsRefusedWithTheCurrentOne() {
        Instance a = core.instances().create(MANAGER, settings("A", "alpha"));
        core.instances().changeSettings(MANAGER, a.id(), 1L, s -> settings("A2", "alpha"));
        BerthException e = assertThrows(BerthException.class,
                () -> core.instances().changeSettings(MANAGER, a.id(), 1L, s -> settings("A3", "alpha")));
        assertEquals(BerthException.Kind.PRECONDITION_FAILED, e.kind());
        assertEquals(2L, e.currentVersion());
        assertEquals("A2", repositories.instances().get(a.id()).settings().name());
    }

    @Test
    public void aConcurrentWriterLosesAtTheConditionNotSilently() {
        Instance a = core.instances().create(MANAGER, settings("A", "alpha"));
        Instance stale = repositories.instances().get(a.id());
        core.instances().changeSettings(MANAGER, a.id(), 1L, s -> settings("first", "alpha"));
        // the store itself refuses a write based on the old read, even past the service's check
        BerthException e = assertThrows(BerthException.class, () -> repositories.instances().update(stale,
                stale.withSettings(settings("second", "alpha"), stale.updatedAt()),
                new dev.berth.core.audit.AuditEntry(a.id(), "instance", "update", "x", stale.updatedAt(), 1L, 2L, "")));
        assertEquals(2L, e.currentVersion());
        assertEquals("first", repositories.instances().get(a.id()).settings().name());
        assertEquals(2, repositories.audit().list(a.id(), 10, null).items().size(), "no audit entry for the refused write");
    }

    @Test
    public void listsPageByNameWithSignedCursors() {
        for (int i = 0; i < 7; i++) {
            core.instances().create(MANAGER, settings("site " + (char) ('g' - i), "site" + i));
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Instance> page = repositories.instances().list(InstanceStatus.ACTIVE, null, 3, cursor);
            page.items().forEach(i -> names.add(i.settings().name()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertEquals(List.of("site a", "site b", "site c", "site d", "site e", "site f", "site g"), names);
        assertTrue(pages >= 3);

        String first = repositories.instances().list(InstanceStatus.ACTIVE, null, 3, null).nextCursor();
        assertNotNull(first);
        String tampered = first.substring(0, 5) + (first.charAt(5) == 'A' ? 'B' : 'A') + first.substring(6);
        BerthException e = assertThrows(BerthException.class, () -> repositories.instances().list(InstanceStatus.ACTIVE, null, 3, tampered));
        assertEquals("invalid_cursor", e.code());
        BerthException foreign = assertThrows(BerthException.class, () -> repositories.instances().list(InstanceStatus.ACTIVE, "x", 3, first));
        assertEquals("invalid_cursor", foreign.code());
    }

    @Test
    public void searchMatchesNamePrefixThenDomainPrefixWithoutDuplicates() {
        core.instances().create(MANAGER, settings("Physics", "phys"));
        core.instances().create(MANAGER, settings("Photo club", "photo"));
        core.instances().create(MANAGER, settings("Maths", "ph-maths"));
        core.instances().create(MANAGER, settings("History", "hist"));
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<Instance> page = repositories.instances().list(InstanceStatus.ACTIVE, "Ph", 1, cursor);
            page.items().forEach(i -> all.add(i.settings().name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of("Photo club", "Physics", "Maths"), all);
        assertEquals(List.of("History"), repositories.instances().list(InstanceStatus.ACTIVE, "hist.example", 10, null)
                .items().stream().map(i -> i.settings().name()).toList());
    }

    @Test
    public void archivedInstancesLeaveTheActiveListAndPurgeFreesTheDomain() {
        Instance a = core.instances().create(MANAGER, settings("A", "alpha"));
        Instance archived = core.instances().archive(MANAGER, a.id(), 1L);
        assertEquals(InstanceStatus.ARCHIVED, archived.status());
        assertTrue(repositories.instances().list(InstanceStatus.ACTIVE, null, 10, null).items().isEmpty());
        assertEquals(1, repositories.instances().list(InstanceStatus.ARCHIVED, null, 10, null).items().size());
        assertThrows(BerthException.class, () -> core.instances().create(MANAGER, settings("B", "alpha")));
        core.instances().purge(a.id());
        assertTrue(repositories.instances().find(a.id()).isEmpty());
        assertNotNull(core.instances().create(MANAGER, settings("B", "alpha")));
        assertEquals(List.of("purge", "archive", "create"),
                repositories.audit().list(a.id(), 10, null).items().stream().map(e -> e.action()).toList());
    }

    @Test
    public void viewersCannotWrite() {
        Principal viewer = new Principal("v", "viewer", Role.VIEWER);
        BerthException e = assertThrows(BerthException.class, () -> core.instances().create(viewer, settings("A", "alpha")));
        assertEquals(BerthException.Kind.FORBIDDEN, e.kind());
        assertTrue(repositories.instances().list(InstanceStatus.ACTIVE, null, 10, null).items().isEmpty());
        assertNull(repositories.instances().list(InstanceStatus.ACTIVE, null, 10, null).nextCursor());
        assertEquals(Map.of(), e.details());
    }

    private static InstanceSettings settings(String name, String subDomain, String baseDomain, DomainPrefixes prefixes) {
        InstanceSettings base = settings(name, subDomain);
        return new InstanceSettings(name, subDomain, baseDomain, prefixes, base.openedxRelease(), null, base.plugins(),
                base.edxPlatformRepo(), null, null, null, null, false, null, false);
    }

    /** Regression (issue 18.2): only the LMS domain was guarded; a prefix could claim another instance's domain. */
    @Test
    public void everyHostOfAnInstanceIsUniqueNotOnlyTheLmsDomain() {
        Instance victim = core.instances().create(MANAGER, settings("Victim", "zoo", "example.com", DomainPrefixes.DEFAULT));
        DomainPrefixes squatting = new DomainPrefixes("zoo", "preview", "ecommerce", "discovery", "apps");
        BerthException e = assertThrows(BerthException.class,
                () -> core.instances().create(MANAGER, settings("Squatter", "example", "com", squatting)));
        assertEquals("duplicate_domain", e.code());
        assertEquals(Map.of("domainPrefixes.studio", "zoo.example.com is already taken"), e.details().get("fields"));
        assertEquals(List.of(victim.id()), repositories.instances().list(InstanceStatus.ACTIVE, null, 10, null).items().stream()
                .map(Instance::id).toList(), "nothing of the squatter was written");
        Instance other = core.instances().create(MANAGER, settings("Other", "other", "com", DomainPrefixes.DEFAULT));
        BerthException renamed = assertThrows(BerthException.class, () -> core.instances().changeSettings(MANAGER, other.id(), 1L,
                s -> settings("Other", "example", "com", squatting)));
        assertEquals("duplicate_domain", renamed.code());
        assertEquals(1, repositories.instances().get(other.id()).version());
        // A prefix change gives the old host up and claims the new one.
        core.instances().changeSettings(MANAGER, victim.id(), 1L, s -> settings("Victim", "zoo", "example.com",
                new DomainPrefixes("cms", "preview", "ecommerce", "discovery", "apps")));
        assertThrows(BerthException.class, () -> core.instances().create(MANAGER, settings("Late", "cms", "zoo.example.com",
                DomainPrefixes.DEFAULT)), "cms.zoo.example.com is the victim's studio now");
        core.instances().changeSettings(MANAGER, victim.id(), 2L, s -> settings("Victim", "zoo", "example.com", DomainPrefixes.DEFAULT));
        assertEquals("cms.zoo.example.com", core.instances().create(MANAGER, settings("Late", "cms", "zoo.example.com",
                DomainPrefixes.DEFAULT)).domains().lms(), "the host given up is free again");
    }

    /** Regression (issue 18.2): an instance could squat an app server's preview host. */
    @Test
    public void anAppServersPreviewHostBelongsToIt() {
        Instance instance = core.instances().create(MANAGER, settings("Demo", "demo"));
        var server = core.appServers().launch(MANAGER, instance.id());
        String label = server.previewHost().substring(0, server.previewHost().indexOf('.'));
        BerthException e = assertThrows(BerthException.class, () -> core.instances().create(MANAGER,
                settings("Squatter", label, "preview.example.com", new DomainPrefixes("studio", "prev", "ecommerce", "discovery", "apps"))));
        assertEquals("duplicate_sub_domain", e.code());
        assertTrue(repositories.instances().findByDomain(server.previewHost()).isEmpty());
    }
}
