package dev.berth.cloud.openstack;

import java.util.Map;

/**
 * How to reach OpenStack: Keystone v3 password authentication scoped to a project, the standard
 * {@code OS_*} variables of an openrc file.
 */
public record OpenStackSettings(String authUrl, String username, String password, String userDomain,
                                String project, String projectDomain, String region) {

    public static OpenStackSettings fromEnvironment(Map<String, String> env) {
        return new OpenStackSettings(
                required(env, "OS_AUTH_URL"),
                required(env, "OS_USERNAME"),
                required(env, "OS_PASSWORD"),
                env.getOrDefault("OS_USER_DOMAIN_NAME", "Default"),
                required(env, "OS_PROJECT_NAME"),
                env.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default"),
                env.get("OS_REGION_NAME"));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the OpenStack compute provider needs it");
        }
        return value;
    }

    @Override
    public String toString() {
        return "OpenStackSettings[" + authUrl + ", user " + username + "@" + userDomain + ", project " + project + "]";
    }
}
