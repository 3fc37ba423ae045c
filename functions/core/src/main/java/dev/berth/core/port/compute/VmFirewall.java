package dev.berth.core.port.compute;

import java.util.List;

/**
 * Who may reach Berth's VMs (an OpenStack security group): SSH from {@code sshSources} (Berth's
 * functions and the team), the web ports only from the load balancer ({@code webSources}), so
 * that nobody reaches an app server around the load balancer's preview credentials.
 */
public record VmFirewall(String name, List<Cidr> sshSources, List<Integer> webPorts, List<Cidr> webSources) {
    public static final int SSH_PORT = 22;

    public VmFirewall {
        sshSources = List.copyOf(sshSources);
        webPorts = List.copyOf(webPorts);
        webSources = List.copyOf(webSources);
        if (webPorts.contains(SSH_PORT)) {
            throw new IllegalArgumentException("Port 22 is SSH's: its sources are the SSH sources, not the load balancer's");
        }
    }

    /** One inbound TCP rule: this port from this block. */
    public record Rule(int port, Cidr source) {
    }

    /** Every rule the group must have, and no other on these ports. */
    public List<Rule> rules() {
        java.util.ArrayList<Rule> rules = new java.util.ArrayList<>();
        sshSources.forEach(source -> rules.add(new Rule(SSH_PORT, source)));
        webPorts.forEach(port -> webSources.forEach(source -> rules.add(new Rule(port, source))));
        return List.copyOf(rules);
    }
}
