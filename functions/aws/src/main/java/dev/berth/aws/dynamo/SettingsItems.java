package dev.berth.aws.dynamo;

import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.Theme;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.openedx.TutorPlugins;
import dev.berth.core.openedx.TutorReleases;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Instance settings as DynamoDB attributes: on the instance item, and snapshotted on app servers.
 * Items written before Berth deployed with Tutor are read as Tutor settings: their Ansible
 * release ref names the release, their commit becomes the ref, their configuration repository
 * and version are dropped, and they get Tutor's default plugins.
 */
final class SettingsItems {
    private SettingsItems() {
    }

    static Map<String, AttributeValue> toAttributes(InstanceSettings s) {
        Map<String, AttributeValue> item = new HashMap<>();
        Attrs.putS(item, "name", s.name());
        Attrs.putS(item, "subDomain", s.subDomain());
        Attrs.putS(item, "baseDomain", s.baseDomain());
        item.put("domainPrefixes", AttributeValue.fromM(Attrs.map(s.domainPrefixes().asMap())));
        Attrs.putS(item, "openedxRelease", s.openedxRelease());
        Attrs.putS(item, "tutorVersion", s.tutorVersion());
        item.put("plugins", AttributeValue.fromL(s.plugins().stream().map(p -> {
            Map<String, String> plugin = new java.util.LinkedHashMap<>();
            plugin.put("name", p.name());
            plugin.put("version", p.version());
            return AttributeValue.fromM(Attrs.map(plugin));
        }).toList()));
        Attrs.putS(item, "edxPlatformRepo", s.edxPlatformRepo());
        Attrs.putS(item, "edxPlatformRef", s.edxPlatformRef());
        Attrs.putS(item, "dockerImage", s.dockerImage());
        if (s.theme() != null) {
            Map<String, String> theme = new java.util.LinkedHashMap<>();
            theme.put("name", s.theme().name());
            theme.put("repository", s.theme().repository());
            theme.put("ref", s.theme().ref());
            item.put("theme", AttributeValue.fromM(Attrs.map(theme)));
        }
        Attrs.putS(item, "extraSettings", s.extraSettings());
        item.put("ephemeralDatabases", AttributeValue.fromBool(s.ephemeralDatabases()));
        Attrs.putS(item, "ownerEmail", s.ownerEmail());
        item.put("allowMultipleActive", AttributeValue.fromBool(s.allowMultipleActive()));
        Attrs.putS(item, "rebuildSchedule", s.rebuildSchedule());
        Attrs.putS(item, "profile", s.profile());
        if (!s.compute().unset()) {
            Attrs.putS(item, "compute", dev.berth.core.json.Json.write(s.compute()));
        }
        if (s.profile() != null) {
            item.put("profileOverrides", Attrs.list(s.profileOverrides()));
        }
        return item;
    }

    static InstanceSettings fromAttributes(Map<String, AttributeValue> item) {
        boolean ansibleEra = item.containsKey("configurationRepo") || item.containsKey("edxPlatformCommit");
        List<TutorPlugin> plugins = item.containsKey("plugins")
                ? item.get("plugins").l().stream().map(p -> new TutorPlugin(p.m().get("name").s(),
                        p.m().containsKey("version") ? p.m().get("version").s() : null)).toList()
                : TutorPlugins.DEFAULTS.stream().map(name -> new TutorPlugin(name, null)).toList();
        Map<String, String> theme = Attrs.stringMap(item, "theme");
        return new InstanceSettings(
                Attrs.str(item, "name"),
                Attrs.str(item, "subDomain"),
                Attrs.str(item, "baseDomain"),
                DomainPrefixes.fromMap(Attrs.stringMap(item, "domainPrefixes")),
                TutorReleases.fromStored(Attrs.str(item, "openedxRelease")),
                Attrs.str(item, "tutorVersion"),
                plugins,
                Attrs.str(item, "edxPlatformRepo"),
                ansibleEra ? Attrs.str(item, "edxPlatformCommit") : Attrs.str(item, "edxPlatformRef"),
                Attrs.str(item, "dockerImage"),
                theme.isEmpty() ? null : new Theme(theme.get("name"), theme.get("repository"), theme.get("ref")),
                Attrs.str(item, "extraSettings"),
                Attrs.bool(item, "ephemeralDatabases"),
                Attrs.str(item, "ownerEmail"),
                Attrs.bool(item, "allowMultipleActive"),
                Attrs.str(item, "rebuildSchedule"),
                Attrs.str(item, "profile"),
                item.containsKey("compute") ? dev.berth.core.json.Json.read(Attrs.str(item, "compute"), dev.berth.core.domain.ComputeSettings.class) : null,
                // Written before instances followed their profile: what they had was theirs, every field of it.
                item.containsKey("profile") && !item.containsKey("profileOverrides")
                        ? List.copyOf(dev.berth.core.profile.ProfileDefaults.FIELDS) : Attrs.strings(item, "profileOverrides"));
    }
}
