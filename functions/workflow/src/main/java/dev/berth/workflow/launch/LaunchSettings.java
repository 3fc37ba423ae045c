package dev.berth.workflow.launch;

import dev.berth.workflow.launch.deploy.DeployBundle;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How launches run, from the step function's environment (defaults are Ocim's limits). */
public record LaunchSettings(
        int pollSeconds,
        Duration bootTimeout,
        Duration deploySilenceLimit,
        Duration deployTimeout,
        String securityGroup,
        List<Integer> securityGroupPorts,
        String flavor,
        String image,
        String keyPair,
        String sshUser,
        DeployBundle.Mode deployMode,
        boolean https,
        String heartbeatPath,
        String teamOrganization,
        String team,
        String teamKeysCommand) {

    /** Installs the team's keys (uploaded to {@code berth-deploy/team_keys}) for the login user {@code team}. */
    public static final String DEFAULT_TEAM_KEYS_COMMAND = "sudo sh -c 'id -u team >/dev/null 2>&1 || useradd -m -s /bin/bash team; "
            + "mkdir -p /home/team/.ssh && install -m 600 -o team -g team berth-deploy/team_keys /home/team/.ssh/authorized_keys'";

    /** {@code tutor} (also {@code openedx}, its former name) or {@code demo}. */
    static DeployBundle.Mode mode(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "tutor", "openedx" -> DeployBundle.Mode.TUTOR;
            case "demo" -> DeployBundle.Mode.DEMO;
            default -> throw new IllegalStateException("BERTH_DEPLOY_MODE must be tutor or demo, not " + value);
        };
    }

    public static LaunchSettings fromEnvironment(Map<String, String> env) {
        return new LaunchSettings(
                Integer.parseInt(env.getOrDefault("BERTH_LAUNCH_POLL_SECONDS", "30")),
                env.containsKey("BERTH_BOOT_TIMEOUT_SECONDS") ? Duration.ofSeconds(Long.parseLong(env.get("BERTH_BOOT_TIMEOUT_SECONDS")))
                        : Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_BOOT_TIMEOUT_MINUTES", "60"))),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_DEPLOY_SILENCE_MINUTES", "120"))),
                Duration.ofMinutes(Long.parseLong(env.getOrDefault("BERTH_DEPLOY_TIMEOUT_MINUTES", "150"))),
                env.getOrDefault("BERTH_SECURITY_GROUP", "berth-appservers"),
                Arrays.stream(env.getOrDefault("BERTH_SECURITY_GROUP_PORTS", "22,80,443").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                env.getOrDefault("BERTH_OPENSTACK_FLAVOR", "m1.large"),
                env.getOrDefault("BERTH_OPENSTACK_IMAGE", "ubuntu-22.04"),
                env.getOrDefault("BERTH_OPENSTACK_KEYPAIR", "berth"),
                env.getOrDefault("BERTH_SSH_USER", "ubuntu"),
                mode(env.getOrDefault("BERTH_DEPLOY_MODE", "tutor")),
                "https".equals(env.getOrDefault("BERTH_PUBLIC_SCHEME", "https")),
                env.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat"),
                blankToNull(env.get("BERTH_TEAM_GITHUB_ORGANIZATION")), // the template passes "" for none
                blankToNull(env.get("BERTH_TEAM_GITHUB_TEAM")),
                env.getOrDefault("BERTH_TEAM_KEYS_COMMAND", DEFAULT_TEAM_KEYS_COMMAND));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
