package dev.berth.aws.dynamo;

import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.InstanceSettings;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Instance settings as DynamoDB attributes: on the instance item, and snapshotted on app servers. */
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
        Attrs.putS(item, "configurationRepo", s.configurationRepo());
        Attrs.putS(item, "configurationVersion", s.configurationVersion());
        Attrs.putS(item, "edxPlatformRepo", s.edxPlatformRepo());
        Attrs.putS(item, "edxPlatformCommit", s.edxPlatformCommit());
        Attrs.putS(item, "extraSettings", s.extraSettings());
        item.put("ephemeralDatabases", AttributeValue.fromBool(s.ephemeralDatabases()));
        Attrs.putS(item, "ownerEmail", s.ownerEmail());
        item.put("allowMultipleActive", AttributeValue.fromBool(s.allowMultipleActive()));
        return item;
    }

    static InstanceSettings fromAttributes(Map<String, AttributeValue> item) {
        return new InstanceSettings(
                Attrs.str(item, "name"),
                Attrs.str(item, "subDomain"),
                Attrs.str(item, "baseDomain"),
                DomainPrefixes.fromMap(Attrs.stringMap(item, "domainPrefixes")),
                Attrs.str(item, "openedxRelease"),
                Attrs.str(item, "configurationRepo"),
                Attrs.str(item, "configurationVersion"),
                Attrs.str(item, "edxPlatformRepo"),
                Attrs.str(item, "edxPlatformCommit"),
                Attrs.str(item, "extraSettings"),
                Attrs.bool(item, "ephemeralDatabases"),
                Attrs.str(item, "ownerEmail"),
                Attrs.bool(item, "allowMultipleActive"));
    }
}
