package dev.berth.core.store;

/**
 * The single table's key layout. Every item has PK/SK; list views use the overloaded indexes
 * GSI1 (by status and name, an instance's app servers by age, tokens by age) and GSI2 (by domain).
 */
public final class Keys {
    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String GSI1 = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    public static final String GSI2 = "GSI2";
    public static final String GSI2PK = "GSI2PK";
    public static final String GSI2SK = "GSI2SK";
    /** TTL attribute (epoch seconds) declared in template.yaml. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String VERSION = "version";

    private Keys() {
    }

    public static String instance(String id) {
        return "INSTANCE#" + id;
    }

    public static String instancesByStatus(String status) {
        return "INSTANCES#" + status;
    }

    public static String domainGuard(String lmsDomain) {
        return "DOMAIN#" + lmsDomain;
    }

    public static String appServer(String id) {
        return "APPSERVER#" + id;
    }

    public static String appServersOf(String instanceId) {
        return "INSTANCE#" + instanceId + "#APPSERVERS";
    }

    public static String logLine(long sequence) {
        return String.format("LOG#%012d", sequence);
    }

    public static String token(String id) {
        return "TOKEN#" + id;
    }

    public static final String TOKENS = "TOKENS";

    public static String audit(String target) {
        return "AUDIT#" + target;
    }
}
