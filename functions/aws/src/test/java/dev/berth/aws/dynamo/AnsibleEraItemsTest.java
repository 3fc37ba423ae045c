package dev.berth.aws.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.repository.Repositories;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items written before Berth deployed with Tutor read as Tutor settings (the migration of the Ansible fields). */
class AnsibleEraItemsTest {

    @Test
    void anInstanceOfTheAnsibleEraReadsAsATutorInstance() {
        String table = LocalDynamo.newTable();
        Repositories repositories = LocalDynamo.repositories(table);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("PK", AttributeValue.fromS("INSTANCE#in-old"));
        item.put("SK", AttributeValue.fromS("INSTANCE"));
        item.put("id", AttributeValue.fromS("in-old"));
        item.put("status", AttributeValue.fromS("active"));
        item.put("name", AttributeValue.fromS("Old"));
        item.put("subDomain", AttributeValue.fromS("old"));
        item.put("baseDomain", AttributeValue.fromS("example.com"));
        item.put("domainPrefixes", AttributeValue.fromM(Map.of("studio", AttributeValue.fromS("studio"),
                "preview", AttributeValue.fromS("preview"), "ecommerce", AttributeValue.fromS("ecommerce"),
                "discovery", AttributeValue.fromS("discovery"))));
        item.put("openedxRelease", AttributeValue.fromS("open-release/sumac.master"));
        item.put("configurationRepo", AttributeValue.fromS("https://github.com/openedx/configuration.git"));
        item.put("configurationVersion", AttributeValue.fromS("open-release/sumac.master"));
        item.put("edxPlatformRepo", AttributeValue.fromS("https://github.com/openedx/edx-platform.git"));
        item.put("edxPlatformCommit", AttributeValue.fromS("open-release/sumac.3"));
        item.put("ephemeralDatabases", AttributeValue.fromBool(false));
        item.put("allowMultipleActive", AttributeValue.fromBool(false));
        item.put("activeAppServerIds", AttributeValue.fromL(List.of()));
        item.put("createdAt", AttributeValue.fromS("2026-11-01T00:00:00Z"));
        item.put("updatedAt", AttributeValue.fromS("2026-11-01T00:00:00Z"));
        item.put("version", AttributeValue.fromN("3"));
        LocalDynamo.client().putItem(p -> p.tableName(table).item(item));
        InstanceSettings s = repositories.instances().get("in-old").settings();
        assertEquals("sumac", s.openedxRelease());
        assertEquals("open-release/sumac.3", s.edxPlatformRef(), "the commit of the Ansible era is the ref");
        assertEquals(List.of(new TutorPlugin("mfe", null), new TutorPlugin("indigo", null)), s.plugins(), "Tutor's default plugins");
        assertEquals("apps", s.domainPrefixes().mfe());
        assertNull(s.tutorVersion(), "the release's pinned Tutor");
        assertEquals("19.0.5", s.effectiveTutorVersion());
    }

    /** Instances made from a profile before they followed it kept what they had: every profile field counts as their own. */
    @Test
    void anInstanceMadeFromAProfileBeforeProfilesWereFollowedKeepsItsFields() {
        InstanceSettings followed = new InstanceSettings("New", "new", "example.com", dev.berth.core.domain.DomainPrefixes.DEFAULT, "ulmo", null,
                List.of(), "https://github.com/openedx/edx-platform.git", null, null, null, null, false, null, false, "off", "production", null,
                List.of());
        Map<String, AttributeValue> item = new HashMap<>(SettingsItems.toAttributes(followed));
        assertEquals(List.of(), SettingsItems.fromAttributes(item).profileOverrides(), "an empty list is written and read back");
        item.remove("profileOverrides");
        assertEquals(dev.berth.core.profile.ProfileDefaults.FIELDS.stream().sorted().toList(), SettingsItems.fromAttributes(item).profileOverrides());
    }
}
