package dev.berth.workflow.launch;

import dev.berth.core.port.compute.Cidr;
import dev.berth.core.port.compute.VmFirewall;
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
        VmFirewall firewall,
        String flavor,
        String image,
        String keyPair,
        String sshUser,
        DeployBundle.Mode deployMode,
        boolean https,
        String heartbeatPath,
        String httpCheckCommand,
        String teamOrganization,
        String team,
        String teamKeysCommand) {

    /** Installs the team's keys (uploaded to {@code berth-deploy/team_keys}) for the login user {@code team}. */
    public static final String DEFAULT_TEAM_KEYS_COMMAND = "sudo sh -c 'id -u team >/dev/null 2>&1 || useradd -m -s /bin/bash team; "
            + "mkdir -p /home/team/.ssh && install -m 600 -o team -g team berth-deploy/team_keys /home/team/.ssh/authorized_keys'";

    /**
     * How a VM's own web server is asked, over SSH on the VM (its web ports admit only the load
     * balancer): {@code {port}} and {@code {path}} are filled in; the command prints the status.
     */
    public static final String DEFAULT_HTTP_CHECK_COMMAND = "curl -s -o /dev/null -w '%{http_code}' --max-time 10 'http://localhost:{port}{path}'";

    /**
     * The security group of Berth's VMs: SSH from {@code BERTH_SSH_SOURCES} (default anywhere:
     * Lambda functions have no fixed address), the web ports ({@code BERTH_SECURITY_GROUP_PORTS})
     * only from the load balancer's {@code BERTH_WEB_SOURCES}; none given, the group's web rules are left as they are.
     */
    public static VmFirewall firewall(Map<String, String> env) {
        List<Integer> ports = Arrays.stream(env.getOrDefault("BERTH_SECURITY_GROUP_PORTS", "80,443").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).filter(port -> port != VmFirewall.SSH_PORT).toList();
        return new VmFirewall(env.getOrDefault("BERTH_SECURITY_GROUP", "berth-appservers"),
                Cidr.list(env.getOrDefault("BERTH_SSH_SOURCES", "0.0.0.0/0")), ports, Cidr.list(env.get("BERTH_WEB_SOURCES")));
    }

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
                firewall(env),
                env.getOrDefault("BERTH_OPENSTACK_FLAVOR", "m1.large"),
                env.getOrDefault("BERTH_OPENSTACK_IMAGE", "ubuntu-22.04"),
                env.getOrDefault("BERTH_OPENSTACK_KEYPAIR", "berth"),
                env.getOrDefault("BERTH_SSH_USER", "ubuntu"),
                mode(env.getOrDefault("BERTH_DEPLOY_MODE", "tutor")),
                "https".equals(env.getOrDefault("BERTH_PUBLIC_SCHEME", "https")),
                env.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat"),
                env.getOrDefault("BERTH_VM_HTTP_CHECK_COMMAND", DEFAULT_HTTP_CHECK_COMMAND),
                blankToNull(env.get("BERTH_TEAM_GITHUB_ORGANIZATION")), // the template passes "" for none
                blankToNull(env.get("BERTH_TEAM_GITHUB_TEAM")),
                env.getOrDefault("BERTH_TEAM_KEYS_COMMAND", DEFAULT_TEAM_KEYS_COMMAND));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
