package dev.berth.aws.dynamo;

/**
 * The single table's key layout. Every item has PK/SK; list views use the overloaded indexes
 * GSI1 (by status and name, an instance's app servers by age, tokens by age) and GSI2 (by domain).
 */
final class Keys {
    static final String PK = "PK";
    static final String SK = "SK";
    static final String GSI1 = "GSI1";
    static final String GSI1PK = "GSI1PK";
    static final String GSI1SK = "GSI1SK";
    static final String GSI2 = "GSI2";
    static final String GSI2PK = "GSI2PK";
    static final String GSI2SK = "GSI2SK";
    /** TTL attribute (epoch seconds) declared in template.yaml. */
    static final String EXPIRES_AT = "expiresAt";
    static final String VERSION = "version";

    private Keys() {
    }

    static String instance(String id) {
        return "INSTANCE#" + id;
    }

    static String instancesByStatus(String status) {
        return "INSTANCES#" + status;
    }

    static String domainGuard(String lmsDomain) {
        return "DOMAIN#" + lmsDomain;
    }

    static String appServer(String id) {
        return "APPSERVER#" + id;
    }

    static String appServersOf(String instanceId) {
        return "INSTANCE#" + instanceId + "#APPSERVERS";
    }

    /** The largest log sequence the key format holds (12 digits). */
    static final long MAX_LOG_SEQUENCE = 999_999_999_999L;

    static String logLine(long sequence) {
        return String.format("LOG#%012d", sequence);
    }

    static String token(String id) {
        return "TOKEN#" + id;
    }

    static final String TOKENS = "TOKENS";

    static String audit(String target) {
        return "AUDIT#" + target;
    }
}
