package dev.berth.core.drupal;

import dev.berth.core.nodes.Node;
import dev.berth.core.port.routing.Backend;
import dev.berth.core.port.routing.InstanceRoutes;
import dev.berth.core.port.routing.Redirect;
import dev.berth.core.repository.Documents;
import dev.berth.core.port.routing.RouteSource;
import dev.berth.core.repository.Nodes;
import java.net.URI;
import java.util.List;

/**
 * The sites' host in the load balancer's table: to every ready web server (each serves every site
 * at its path); and the active redirect routes, which the load balancer answers itself.
 */
public final class DrupalRoutes implements RouteSource {
    /** The source that means the sites host's root. */
    public static final String DOMAIN_ROOT = "domainroot";
    private final Nodes nodes;
    private final Documents<SiteRoute> siteRoutes;
    private final DrupalConfig config;

    public DrupalRoutes(Nodes nodes, Documents<SiteRoute> siteRoutes, DrupalConfig config) {
        this.nodes = nodes;
        this.siteRoutes = siteRoutes;
        this.config = config;
    }

    @Override
    public List<Redirect> redirects() {
        return siteRoutes.all().stream().filter(r -> "redirect".equals(r.type()) && r.active()).map(r -> new Redirect(r.id(), config.sitesHost(),
                DOMAIN_ROOT.equals(r.source()) ? "" : r.source(), r.destination(), r.redirectCode() == null ? 301 : r.redirectCode())).toList();
    }

    @Override
    public List<InstanceRoutes> routes() {
        List<Backend> backends = nodes.all(Node.Role.WEB).stream().filter(Node::ready).filter(n -> n.vm().httpUrl() != null).map(n -> {
            URI url = URI.create(n.vm().httpUrl());
            return new Backend(n.id(), url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        }).toList();
        return List.of(new InstanceRoutes("drupal.sites", "Drupal sites", List.of(config.sitesHost()), backends, List.of()));
    }
}
