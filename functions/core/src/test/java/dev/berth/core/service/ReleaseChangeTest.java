package dev.berth.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.error.BerthException;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A launch that would move persistent data to another Open edX release must be asked for. */
class ReleaseChangeTest {
    private static final Principal MANAGER = Principal.system("manager");

    @Test
    void anotherReleaseOverPersistentDataNeedsAllowReleaseChange() {
        BerthCore core = TestCore.create(new RecordingWorkflows());
        Instance instance = core.instances().create(MANAGER, TestCore.settings("Upgrade", "upgrade"));
        AppServer first = core.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            core.appServers().transition(MANAGER, first.id(), Set.of(AppServerStatus.values()), next, s -> s);
        }
        core.activation().activate(MANAGER, first.id(), null);
        String release = first.settings().openedxRelease();
        String other = release.equals("ulmo") ? "teak" : "ulmo";
        core.instances().changeSettings(MANAGER, instance.id(), null, s -> withRelease(s, other));
        BerthException refused = assertThrows(BerthException.class, () -> core.appServers().launch(MANAGER, instance.id()));
        assertEquals("release_change", refused.code());
        assertEquals(release, refused.details().get("running"));
        assertEquals(1, core.repositories().appServers().listForInstance(instance.id(), 10, null).items().size(), "nothing launched");
        AppServer upgraded = core.appServers().launch(MANAGER, instance.id(), true);
        assertEquals(other, upgraded.settings().openedxRelease());
    }

    @Test
    void ephemeralInstancesChangeReleaseFreely() {
        BerthCore core = TestCore.create(new RecordingWorkflows());
        InstanceSettings ephemeral = withEphemeral(TestCore.settings("Sandbox", "sandbox"));
        Instance instance = core.instances().create(MANAGER, ephemeral);
        AppServer first = core.appServers().launch(MANAGER, instance.id());
        for (AppServerStatus next : List.of(AppServerStatus.WAITING, AppServerStatus.CONFIGURING, AppServerStatus.RUNNING)) {
            core.appServers().transition(MANAGER, first.id(), Set.of(AppServerStatus.values()), next, s -> s);
        }
        core.activation().activate(MANAGER, first.id(), null);
        core.instances().changeSettings(MANAGER, instance.id(), null, s -> withRelease(s, "teak"));
        assertEquals("teak", core.appServers().launch(MANAGER, instance.id()).settings().openedxRelease());
    }

    private static InstanceSettings withRelease(InstanceSettings s, String release) {
        return new InstanceSettings(s.name(), s.subDomain(), s.baseDomain(), s.domainPrefixes(), release, s.tutorVersion(), s.plugins(),
                s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(), s.extraSettings(), s.ephemeralDatabases(), s.ownerEmail(),
                s.allowMultipleActive());
    }

    private static InstanceSettings withEphemeral(InstanceSettings s) {
        return new InstanceSettings(s.name(), s.subDomain(), s.baseDomain(), s.domainPrefixes(), s.openedxRelease(), s.tutorVersion(), s.plugins(),
                s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(), s.extraSettings(), true, s.ownerEmail(), s.allowMultipleActive());
    }
}
