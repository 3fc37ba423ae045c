package dev.berth.local.template;

import java.util.List;

/** An {@code AWS::DynamoDB::Table}. Locally its name is its logical id (what {@code Ref} resolves to). */
public record TableResource(
        String logicalId,
        List<Attribute> attributes,
        List<KeyElement> keySchema,
        List<SecondaryIndex> globalSecondaryIndexes,
        List<SecondaryIndex> localSecondaryIndexes,
        TimeToLive timeToLive) {

    public String localTableName() {
        return logicalId;
    }

    /** An attribute definition; type is {@code S}, {@code N} or {@code B}. */
    public record Attribute(String name, String type) {
    }

    /** One key element; keyType is {@code HASH} or {@code RANGE}. */
    public record KeyElement(String attributeName, String keyType) {
    }

    /** A GSI or LSI; {@code nonKeyAttributes} only for the {@code INCLUDE} projection. */
    public record SecondaryIndex(String name, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {
    }

    /** Null on the table when the template has no TimeToLiveSpecification. */
    public record TimeToLive(String attributeName, boolean enabled) {
    }
}
