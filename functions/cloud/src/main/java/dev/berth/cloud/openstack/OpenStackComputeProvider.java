package dev.berth.cloud.openstack;

import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.Cidr;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.port.compute.VmFirewall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.openstack4j.api.OSClient;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ServerResponseException;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.openstack.OSFactory;
import org.openstack4j.api.Builders;

/**
 * {@link ComputeProvider} on OpenStack through openstack4j: Keystone v3, Nova servers, Neutron
 * security groups. Every VM carries the app server id in its metadata, which makes boot
 * idempotent and lets the orphan job find ours.
 */
public final class OpenStackComputeProvider implements ComputeProvider {
    private final OpenStackSettings settings;

    public OpenStackComputeProvider(OpenStackSettings settings) {
        this.settings = settings;
    }

    public static OpenStackComputeProvider fromEnvironment(Map<String, String> env) {
        return new OpenStackComputeProvider(OpenStackSettings.fromEnvironment(env));
    }

    @Override
    public void ensureSecurityGroup(VmFirewall firewall) {
        call("ensure security group " + firewall.name(), os -> {
            SecurityGroup group = findOrCreate(os, firewall.name());
            Set<VmFirewall.Rule> wanted = new LinkedHashSet<>(firewall.rules());
            List<SecurityGroupRule> stale = new ArrayList<>();
            // Without web sources the web ports are left as they are: closing them would take every VM off the load balancer.
            Set<Integer> ours = new HashSet<>(firewall.webSources().isEmpty() ? List.of() : firewall.webPorts());
            if (!firewall.sshSources().isEmpty()) {
                ours.add(VmFirewall.SSH_PORT);
            }
            for (SecurityGroupRule rule : group.getRules() == null ? List.<SecurityGroupRule>of() : group.getRules()) {
                Optional<VmFirewall.Rule> known = asRule(rule);
                if (known.isPresent() && wanted.remove(known.get())) {
                    continue; // already there
                }
                if ("ingress".equals(rule.getDirection()) && rule.getPortRangeMin() != null && rule.getPortRangeMax() != null
                        && ours.stream().anyMatch(p -> rule.getPortRangeMin() <= p && p <= rule.getPortRangeMax())) {
                    stale.add(rule); // e.g. 0.0.0.0/0 on 80 from before
                }
            }
            // The new rules first, the stale ones after: a failure half-way never leaves a port closed to the load balancer.
            for (VmFirewall.Rule rule : wanted) {
                os.networking().securityrule().create(Builders.securityGroupRule().securityGroupId(group.getId())
                        .direction("ingress").ethertype(rule.source().ipv6() ? "IPv6" : "IPv4").protocol("tcp")
                        .portRangeMin(rule.port()).portRangeMax(rule.port()).remoteIpPrefix(rule.source().text()).build());
            }
            for (SecurityGroupRule rule : stale) {
                os.networking().securityrule().delete(rule.getId());
            }
            return null;
        });
    }

    /** The group by name; when two first launches create it at once, both go on with the same one (the lowest id). */
    private static SecurityGroup findOrCreate(OSClient.OSClientV3 os, String name) {
        List<? extends SecurityGroup> found = os.networking().securitygroup().list(Map.of("name", name));
        if (!found.isEmpty()) {
            return found.get(0);
        }
        os.networking().securitygroup().create(Builders.securityGroup().name(name)
                .description("Berth's VMs: SSH, and the web ports from the load balancer only").build());
        return os.networking().securitygroup().list(Map.of("name", name)).stream()
                .min(java.util.Comparator.comparing(SecurityGroup::getId)).orElseThrow(() -> new CloudException.Transient(
                        "The security group " + name + " was created but is not listed yet", null));
    }

    /** An existing rule as one of ours: inbound TCP on one port from an address block. */
    private static Optional<VmFirewall.Rule> asRule(SecurityGroupRule rule) {
        if (!"ingress".equals(rule.getDirection()) || !"tcp".equals(rule.getProtocol()) || rule.getPortRangeMin() == null
                || !rule.getPortRangeMin().equals(rule.getPortRangeMax()) || rule.getRemoteIpPrefix() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new VmFirewall.Rule(rule.getPortRangeMin(), new Cidr(rule.getRemoteIpPrefix())));
        } catch (IllegalArgumentException notOurs) {
            return Optional.empty();
        }
    }

    @Override
    public ServerInfo boot(BootRequest request) {
        Optional<ServerInfo> existing = find(request.appServerId());
        if (existing.isPresent()) {
            return existing.get();
        }
        return call("boot " + request.hostname(), os -> {
            var create = Builders.server().name(request.hostname()).flavor(flavorId(os, request.flavor())).image(imageId(os, request.image()))
                    .keypairName(request.keyPair()).addMetadata(request.metadata());
            request.securityGroups().forEach(create::addSecurityGroup);
            if (request.userData() != null && !request.userData().isEmpty()) {
                create.userData(Base64.getEncoder().encodeToString(request.userData().getBytes(StandardCharsets.UTF_8)));
            }
            Server booted = os.compute().servers().boot(create.build());
            Server server = os.compute().servers().get(booted.getId());
            return info(server != null ? server : booted, request.metadata());
        });
    }

    /**
     * Nova wants ids; settings name flavors and images as people do. Either is accepted, checked
     * against what the cloud offers, so a wrong one fails with the choices rather than Nova's 400.
     */
    private static String flavorId(OSClient.OSClientV3 os, String wanted) {
        List<? extends org.openstack4j.model.compute.Flavor> offered = os.compute().flavors().list();
        return offered.stream().filter(f -> wanted.equals(f.getId()) || wanted.equals(f.getName())).map(org.openstack4j.model.compute.Flavor::getId)
                .findFirst().orElseThrow(() -> new CloudException.Permanent("The flavor '" + wanted + "' is not offered by this cloud (offered: "
                        + String.join(", ", offered.stream().map(org.openstack4j.model.compute.Flavor::getName).sorted().toList()) + ")", null));
    }

    private static String imageId(OSClient.OSClientV3 os, String wanted) {
        List<? extends org.openstack4j.model.image.v2.Image> offered = os.imagesV2().list(Map.of("status", "active"));
        return offered.stream().filter(i -> wanted.equals(i.getId()) || wanted.equals(i.getName())).map(org.openstack4j.model.image.v2.Image::getId)
                .findFirst().orElseThrow(() -> new CloudException.Permanent("The image '" + wanted + "' is not offered by this cloud (offered: "
                        + String.join(", ", offered.stream().map(org.openstack4j.model.image.v2.Image::getName).sorted().limit(20).toList()) + ")", null));
    }

    @Override
    public Optional<ServerInfo> find(String appServerId) {
        return call("find the VM of " + appServerId, os -> os.compute().servers().list(true).stream()
                .filter(s -> s.getMetadata() != null && appServerId.equals(s.getMetadata().get(ServerInfo.APP_SERVER_TAG)))
                .findFirst().map(s -> info(s, s.getMetadata())));
    }

    @Override
    public ServerInfo get(String serverId) {
        return call("get server " + serverId, os -> {
            Server server = os.compute().servers().get(serverId);
            if (server == null) {
                return new ServerInfo(serverId, null, ServerState.DELETED, "DELETED", null, null, 22, null, null, null, Map.of());
            }
            return info(server, server.getMetadata());
        });
    }

    @Override
    public void delete(String serverId) {
        call("delete server " + serverId, os -> {
            ActionResponse response = os.compute().servers().delete(serverId);
            if (!response.isSuccess() && response.getCode() != 404) {
                throw failure("delete server " + serverId, response.getCode(), response.getFault(), null);
            }
            return null;
        });
    }

    @Override
    public List<ServerInfo> listManaged() {
        return call("list servers", os -> os.compute().servers().list(true).stream()
                .filter(s -> s.getMetadata() != null && s.getMetadata().containsKey(ServerInfo.APP_SERVER_TAG))
                .map(s -> info(s, s.getMetadata())).toList());
    }

    private <T> T call(String what, Function<OSClient.OSClientV3, T> action) {
        try {
            OSClient.OSClientV3 os = OSFactory.builderV3()
                    .endpoint(settings.authUrl())
                    .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                    .scopeToProject(Identifier.byName(settings.project()), Identifier.byName(settings.projectDomain()))
                    .authenticate();
            if (settings.region() != null) {
                os.useRegion(settings.region());
            }
            return action.apply(os);
        } catch (AuthenticationException e) {
            throw new CloudException.Permanent("OpenStack refused our credentials while trying to " + what + ": " + e.getMessage(), e);
        } catch (ServerResponseException e) {
            throw failure(what, e.getStatus(), e.getMessage(), e);
        } catch (ClientResponseException e) {
            throw failure(what, e.getStatus(), e.getMessage(), e);
        } catch (ConnectionException e) {
            throw new CloudException.Transient("Could not reach OpenStack to " + what + ": " + e.getMessage(), e);
        }
    }

    private static CloudException failure(String what, int status, String message, Throwable cause) {
        String text = "OpenStack answered " + status + " to " + what + ": " + message;
        // 5xx, rate limits and conflicts pass with time; other client errors (bad flavor, quota, auth) do not.
        return status >= 500 || status == 429 || status == 409 ? new CloudException.Transient(text, cause)
                : new CloudException.Permanent(text, cause);
    }

    private static ServerInfo info(Server server, Map<String, String> metadata) {
        ServerState state = switch (server.getStatus() == null ? Server.Status.UNKNOWN : server.getStatus()) {
            case ACTIVE -> ServerState.ACTIVE;
            case BUILD, REBUILD, REBOOT, HARD_REBOOT, MIGRATING, RESIZE, VERIFY_RESIZE -> ServerState.BUILDING;
            case ERROR -> ServerState.ERROR;
            case DELETED -> ServerState.DELETED;
            default -> ServerState.UNKNOWN;
        };
        String ipv4 = ipv4(server);
        return new ServerInfo(server.getId(), server.getName(), state,
                server.getStatus() == null ? "UNKNOWN" : server.getStatus().name(),
                server.getFault() == null ? null : server.getFault().getMessage(),
                ipv4, 22, ipv4 == null ? null : "http://" + ipv4, null,
                server.getCreated() == null ? null : Instant.ofEpochMilli(server.getCreated().getTime()), metadata);
    }

    private static String ipv4(Server server) {
        if (server.getAccessIPv4() != null && !server.getAccessIPv4().isEmpty()) {
            return server.getAccessIPv4();
        }
        if (server.getAddresses() == null || server.getAddresses().getAddresses() == null) {
            return null;
        }
        return server.getAddresses().getAddresses().values().stream()
                .flatMap(List::stream)
                .filter(a -> a.getVersion() == 4)
                .map(Address::getAddr)
                .findFirst().orElse(null);
    }
}
