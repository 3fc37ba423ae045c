package dev.berth.cloud.openstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.Cidr;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.port.compute.VmFirewall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenStack adapter against stubs that answer with the shapes of the Identity v3, Compute
 * (Nova) v2.1 and Networking (Neutron) v2.0 API references.
 */
class OpenStackComputeProviderTest {
    private WireMockServer openstack;
    private OpenStackComputeProvider provider;

    @BeforeEach
    void start() {
        openstack = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        openstack.start();
        String base = "http://localhost:" + openstack.port();
        // POST /v3/auth/tokens: 201, the token in X-Subject-Token, the service catalog in the body.
        openstack.stubFor(post(urlEqualTo("/identity/v3/auth/tokens"))
                .withRequestBody(matchingJsonPath("$.auth.identity.password.user.name", equalTo("berth")))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withHeader("X-Subject-Token", "gAAAAABtoken").withBody("""
                        {"token": {"methods": ["password"], "expires_at": "2099-01-01T00:00:00.000000Z",
                          "issued_at": "2026-11-24T12:00:00.000000Z",
                          "user": {"id": "u1", "name": "berth", "domain": {"id": "default", "name": "Default"}},
                          "project": {"id": "p1", "name": "sandboxes", "domain": {"id": "default", "name": "Default"}},
                          "catalog": [
                            {"type": "compute", "name": "nova", "id": "c1", "endpoints": [
                              {"id": "e1", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/compute/v2.1"}]},
                            {"type": "network", "name": "neutron", "id": "n1", "endpoints": [
                              {"id": "e2", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/network"}]},
                            {"type": "image", "name": "glance", "id": "g1", "endpoints": [
                              {"id": "e3", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "%1$s/image"}]}
                          ]}}""".formatted(base))));
        provider = new OpenStackComputeProvider(new OpenStackSettings(base + "/identity/v3", "berth", "secret", "Default",
                "sandboxes", "Default", null));
        // GET /flavors/detail (Nova) and GET /v2/images (Glance), in the shapes of their API references.
        openstack.stubFor(get(urlPathEqualTo("/compute/v2.1/flavors/detail")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"flavors": [
                          {"id": "2", "name": "m1.small", "ram": 2048, "vcpus": 1, "disk": 20, "links": [], "os-flavor-access:is_public": true},
                          {"id": "3", "name": "m1.medium", "ram": 4096, "vcpus": 2, "disk": 40, "links": [], "os-flavor-access:is_public": true},
                          {"id": "4", "name": "m1.large", "ram": 8192, "vcpus": 4, "disk": 80, "links": [], "os-flavor-access:is_public": true}]}""")));
        openstack.stubFor(get(urlPathEqualTo("/image/v2/images")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("""
                        {"images": [
                          {"id": "img-1", "name": "ubuntu-22.04", "status": "active", "visibility": "public", "disk_format": "qcow2",
                           "container_format": "bare", "min_disk": 0, "min_ram": 0, "protected": false, "tags": [],
                           "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "self": "/v2/images/img-1",
                           "file": "/v2/images/img-1/file", "schema": "/v2/schemas/image"}],
                         "first": "/v2/images", "schema": "/v2/schemas/images"}""")));
    }

    @AfterEach
    void stop() {
        openstack.stop();
    }

    private static String server(String id, String status, String extra) {
        return """
                {"id": "%s", "name": "demo-example-com-3f2a9c1b0e", "status": "%s", "tenant_id": "p1", "user_id": "u1",
                 "created": "2026-11-24T12:00:00Z", "updated": "2026-11-24T12:01:00Z", "hostId": "h1",
                 "addresses": {"public": [{"addr": "203.0.113.10", "version": 4, "OS-EXT-IPS:type": "fixed",
                   "OS-EXT-IPS-MAC:mac_addr": "fa:16:3e:00:00:01"}]},
                 "metadata": {"berth-appserver-id": "as-1"}, "key_name": "berth",
                 "flavor": {"id": "3", "links": []}, "image": {"id": "img-1", "links": []},
                 "links": [], "accessIPv4": "", "accessIPv6": "" %s}""".formatted(id, status, extra);
    }

    private BootRequest request() {
        return new BootRequest("as-1", "demo-example-com-3f2a9c1b0e", "3", "img-1", "berth", List.of("berth-appservers"), "#cloud-config\n",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-1"));
    }

    @Test
    void bootsAServerTaggedWithItsAppServerAndReadsItsState() {
        openstack.stubFor(get(urlPathEqualTo("/compute/v2.1/servers/detail")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"servers\": []}")));
        openstack.stubFor(post(urlEqualTo("/compute/v2.1/servers")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"server": {"id": "srv-1", "links": [], "OS-DCF:diskConfig": "MANUAL", "adminPass": "x",
                          "security_groups": [{"name": "berth-appservers"}]}}""")));
        openstack.stubFor(get(urlEqualTo("/compute/v2.1/servers/srv-1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"server\": " + server("srv-1", "BUILD", "") + "}")));
        ServerInfo booted = provider.boot(request());
        assertEquals("srv-1", booted.id());
        assertEquals(ServerState.BUILDING, booted.state());
        openstack.verify(postRequestedFor(urlEqualTo("/compute/v2.1/servers"))
                .withRequestBody(matchingJsonPath("$.server.metadata['berth-appserver-id']", equalTo("as-1")))
                .withRequestBody(matchingJsonPath("$.server.flavorRef", equalTo("3")))
                .withRequestBody(matchingJsonPath("$.server.key_name", equalTo("berth")))
                .withRequestBody(matchingJsonPath("$.server.security_groups[0].name", equalTo("berth-appservers"))));

        openstack.stubFor(get(urlEqualTo("/compute/v2.1/servers/srv-1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"server\": " + server("srv-1", "ACTIVE", "") + "}")));
        ServerInfo active = provider.get("srv-1");
        assertEquals(ServerState.ACTIVE, active.state());
        assertEquals("203.0.113.10", active.ipv4());
        assertEquals("http://203.0.113.10", active.httpUrl());
        assertEquals("as-1", active.appServerId());
    }

    @Test
    void flavorsAndImagesAreNamedAsPeopleDoAndAWrongOneFailsWithTheChoicesBeforeNovaIsAsked() {
        openstack.stubFor(get(urlPathEqualTo("/compute/v2.1/servers/detail")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"servers\": []}")));
        openstack.stubFor(post(urlEqualTo("/compute/v2.1/servers")).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"server": {"id": "srv-1", "links": [], "OS-DCF:diskConfig": "MANUAL", "adminPass": "x",
                          "security_groups": [{"name": "berth-appservers"}]}}""")));
        openstack.stubFor(get(urlEqualTo("/compute/v2.1/servers/srv-1")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"server\": " + server("srv-1", "BUILD", "") + "}")));
        provider.boot(new BootRequest("as-1", "demo-example-com-3f2a9c1b0e", "m1.large", "ubuntu-22.04", "berth", List.of("berth-appservers"), "",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-1")));
        openstack.verify(postRequestedFor(urlEqualTo("/compute/v2.1/servers"))
                .withRequestBody(matchingJsonPath("$.server.flavorRef", equalTo("4")))
                .withRequestBody(matchingJsonPath("$.server.imageRef", equalTo("img-1"))));

        CloudException flavor = assertThrows(CloudException.class, () -> provider.boot(new BootRequest("as-2", "other", "m1.huge", "ubuntu-22.04",
                "berth", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "as-2"))));
        assertFalse(flavor.isTransient());
        assertEquals("The flavor 'm1.huge' is not offered by this cloud (offered: m1.large, m1.medium, m1.small)", flavor.getMessage());
        CloudException image = assertThrows(CloudException.class, () -> provider.boot(new BootRequest("as-3", "other", "m1.small", "centos-6",
                "berth", List.of(), "", Map.of(ServerInfo.APP_SERVER_TAG, "as-3"))));
        assertTrue(image.getMessage().contains("The image 'centos-6' is not offered by this cloud (offered: ubuntu-22.04)"), image.getMessage());
        openstack.verify(1, postRequestedFor(urlEqualTo("/compute/v2.1/servers"))); // only the first boot reached Nova
    }

    @Test
    void aRetriedBootFindsTheServerItAlreadyCreated() {
        openstack.stubFor(get(urlPathEqualTo("/compute/v2.1/servers/detail")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"servers\": [" + server("srv-1", "BUILD", "") + "]}")));
        assertEquals("srv-1", provider.boot(request()).id());
        openstack.verify(0, postRequestedFor(urlEqualTo("/compute/v2.1/servers")));
        assertEquals(1, provider.listManaged().size());
    }

    @Test
    void anErrorStatusCarriesNovasFault() {
        openstack.stubFor(get(urlEqualTo("/compute/v2.1/servers/srv-2")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"server\": " + server("srv-2", "ERROR",
                        ", \"fault\": {\"code\": 500, \"created\": \"2026-11-24T12:01:00Z\", \"message\": \"No valid host was found. \"}") + "}")));
        ServerInfo info = provider.get("srv-2");
        assertEquals(ServerState.ERROR, info.state());
        assertTrue(info.fault().contains("No valid host"), info.fault());
    }

    @Test
    void fiveHundredsAreTransientAndBadRequestsPermanent() {
        openstack.stubFor(get(urlPathEqualTo("/compute/v2.1/servers/detail")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"servers\": []}")));
        openstack.stubFor(post(urlEqualTo("/compute/v2.1/servers")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"computeFault\": {\"code\": 503, \"message\": \"Service Unavailable\"}}")));
        CloudException unavailable = assertThrows(CloudException.class, () -> provider.boot(request()));
        assertTrue(unavailable.isTransient(), unavailable.getMessage());

        openstack.stubFor(post(urlEqualTo("/compute/v2.1/servers")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"badRequest\": {\"code\": 400, \"message\": \"Flavor 99 could not be found.\"}}")));
        CloudException badFlavor = assertThrows(CloudException.class, () -> provider.boot(request()));
        assertFalse(badFlavor.isTransient(), badFlavor.getMessage());
    }

    @Test
    void refusedCredentialsArePermanent() {
        openstack.stubFor(post(urlEqualTo("/identity/v3/auth/tokens")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"code\": 401, \"title\": \"Unauthorized\", \"message\": \"The request you have made requires authentication.\"}}")));
        CloudException e = assertThrows(CloudException.class, () -> provider.get("srv-1"));
        assertFalse(e.isTransient(), e.getMessage());
    }

    @Test
    void deletingIsIdempotentAndAGoneServerReadsDeleted() {
        openstack.stubFor(delete(urlEqualTo("/compute/v2.1/servers/srv-1")).willReturn(aResponse().withStatus(204)));
        openstack.stubFor(delete(urlEqualTo("/compute/v2.1/servers/srv-gone")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"itemNotFound\": {\"code\": 404, \"message\": \"Instance srv-gone could not be found.\"}}")));
        openstack.stubFor(get(urlEqualTo("/compute/v2.1/servers/srv-gone")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"itemNotFound\": {\"code\": 404, \"message\": \"Instance srv-gone could not be found.\"}}")));
        provider.delete("srv-1");
        provider.delete("srv-gone");
        openstack.verify(deleteRequestedFor(urlEqualTo("/compute/v2.1/servers/srv-1")));
        assertEquals(ServerState.DELETED, provider.get("srv-gone").state());
    }

    private static final VmFirewall FIREWALL = new VmFirewall("berth-appservers", List.of(new Cidr("0.0.0.0/0")), List.of(80, 443),
            List.of(new Cidr("198.51.100.7/32")));

    @Test
    void createsTheSecurityGroupWithSshFromAnywhereAndTheWebPortsFromTheLoadBalancerOnly() {
        openstack.stubFor(get(urlPathEqualTo("/network/v2.0/security-groups")).inScenario("group").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"security_groups\": []}")));
        openstack.stubFor(get(urlPathEqualTo("/network/v2.0/security-groups")).inScenario("group").whenScenarioStateIs("created")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"security_groups": [{"id": "sg-1", "name": "berth-appservers", "security_group_rules": []}]}""")));
        openstack.stubFor(post(urlEqualTo("/network/v2.0/security-groups")).inScenario("group").willSetStateTo("created")
                .willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"security_group": {"id": "sg-1", "name": "berth-appservers", "description": "Berth's VMs",
                          "tenant_id": "p1", "project_id": "p1", "security_group_rules": []}}""")));
        openstack.stubFor(post(urlEqualTo("/network/v2.0/security-group-rules")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"security_group_rule": {"id": "r1", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
                          "port_range_min": 22, "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"}}""")));
        provider.ensureSecurityGroup(FIREWALL);
        openstack.verify(3, postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules"))
                .withRequestBody(matchingJsonPath("$.security_group_rule.security_group_id", equalTo("sg-1"))));
        openstack.verify(postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules")).withRequestBody(equalToJson(
                "{\"security_group_rule\": {\"port_range_min\": 22, \"port_range_max\": 22, \"remote_ip_prefix\": \"0.0.0.0/0\"}}", true, true)));
        for (int port : List.of(80, 443)) {
            openstack.verify(postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules")).withRequestBody(equalToJson(
                    "{\"security_group_rule\": {\"direction\": \"ingress\", \"protocol\": \"tcp\", \"port_range_min\": " + port
                            + ", \"port_range_max\": " + port + ", \"remote_ip_prefix\": \"198.51.100.7/32\"}}", true, true)));
        }
        openstack.verify(0, postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules"))
                .withRequestBody(equalToJson("{\"security_group_rule\": {\"port_range_min\": 80, \"remote_ip_prefix\": \"0.0.0.0/0\"}}", true, true)));
    }

    @Test
    void anExistingGroupConvergesItsWebPortsOpenToAnywhereAreClosedAndTheRightRulesKept() {
        // Regression (issue 18.3): the group opened 80 and 443 to 0.0.0.0/0, so anyone could reach an app server
        // around the load balancer's preview credentials; an existing group was never corrected.
        openstack.stubFor(get(urlPathEqualTo("/network/v2.0/security-groups")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"security_groups": [{"id": "sg-1", "name": "berth-appservers", "security_group_rules": [
                          {"id": "ssh", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
                           "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"},
                          {"id": "web-open", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 80,
                           "port_range_max": 80, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"},
                          {"id": "tls-lb", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 443,
                           "port_range_max": 443, "remote_ip_prefix": "198.51.100.7/32", "security_group_id": "sg-1"},
                          {"id": "egress", "direction": "egress", "ethertype": "IPv4", "protocol": null, "port_range_min": null,
                           "port_range_max": null, "remote_ip_prefix": null, "security_group_id": "sg-1"},
                          {"id": "range", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 1,
                           "port_range_max": 1024, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"}]}]}""")));
        openstack.stubFor(delete(urlPathMatching("/network/v2.0/security-group-rules/.*")).willReturn(aResponse().withStatus(204)));
        openstack.stubFor(post(urlEqualTo("/network/v2.0/security-group-rules")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"security_group_rule": {"id": "web-lb", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp",
                          "port_range_min": 80, "port_range_max": 80, "remote_ip_prefix": "198.51.100.7/32", "security_group_id": "sg-1"}}""")));
        provider.ensureSecurityGroup(FIREWALL);
        openstack.verify(0, postRequestedFor(urlEqualTo("/network/v2.0/security-groups")));
        openstack.verify(deleteRequestedFor(urlEqualTo("/network/v2.0/security-group-rules/web-open")));
        openstack.verify(deleteRequestedFor(urlEqualTo("/network/v2.0/security-group-rules/range")));
        openstack.verify(2, deleteRequestedFor(urlPathMatching("/network/v2.0/security-group-rules/.*")));
        openstack.verify(1, postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules")));
        openstack.verify(postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules")).withRequestBody(equalToJson(
                "{\"security_group_rule\": {\"port_range_min\": 80, \"remote_ip_prefix\": \"198.51.100.7/32\"}}", true, true)));
        var created = openstack.findAll(postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules"))).get(0).getLoggedDate();
        var deleted = openstack.findAll(deleteRequestedFor(urlPathMatching("/network/v2.0/security-group-rules/.*"))).get(0).getLoggedDate();
        assertFalse(deleted.before(created), "the load balancer's rule exists before the open one goes");
    }

    @Test
    void withoutLoadBalancerSourcesTheWebPortsAreLeftAlone() {
        // Regression (review of 18.3b): an empty BERTH_WEB_SOURCES removed every web rule, taking the fleet off the load balancer.
        openstack.stubFor(get(urlPathEqualTo("/network/v2.0/security-groups")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("""
                        {"security_groups": [{"id": "sg-1", "name": "berth-appservers", "security_group_rules": [
                          {"id": "web-open", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 80,
                           "port_range_max": 80, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"},
                          {"id": "ssh", "direction": "ingress", "ethertype": "IPv4", "protocol": "tcp", "port_range_min": 22,
                           "port_range_max": 22, "remote_ip_prefix": "0.0.0.0/0", "security_group_id": "sg-1"}]}]}""")));
        provider.ensureSecurityGroup(new VmFirewall("berth-appservers", List.of(new Cidr("0.0.0.0/0")), List.of(80, 443), List.of()));
        openstack.verify(0, deleteRequestedFor(urlPathMatching("/network/v2.0/security-group-rules/.*")));
        openstack.verify(0, postRequestedFor(urlEqualTo("/network/v2.0/security-group-rules")));
    }
}
