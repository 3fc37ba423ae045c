package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Routes of the sites' host: a path to a site, or a redirect to a URL. */
@Command(name = "routes", description = "Routes of the Drupal sites' host: /SOURCE to a site, or a redirect")
public final class RoutesCommand extends ResourceCommand {
    static final Resource ROUTES = new Resource("route", "routes", "/api/v1/routes",
            Column.of("id"), Column.of("type"), Column.of("source"), Column.of("status"), Column.of("site", "siteId"),
            Column.of("onLaunch", "activeOnLaunch"), Column.of("destination"), Column.of("code", "redirectCode"));

    /** The types of route. */
    public enum Type {
        site, redirect
    }

    @Override
    protected Resource resource() {
        return ROUTES;
    }

    @Override
    protected Map<String, dev.berth.cli.resource.Verb> verbs() {
        Map<String, dev.berth.cli.resource.Verb> verbs = super.verbs();
        verbs.put("create", new Create());
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--type", paramLabel = "TYPE", description = "${COMPLETION-CANDIDATES}")
        Type type;

        @Option(names = "--source", paramLabel = "PATH", description = "The path it answers at, e.g. about/us (domainroot: the host's root, redirects only)")
        String source;

        @Option(names = "--site", paramLabel = "ID", description = "A site route's site")
        String site;

        @Option(names = "--active", description = "Active now (a site route needs a launched site); default inactive")
        boolean active;

        @Option(names = "--active-on-launch", description = "A site route that becomes active when its site launches (its primary route)")
        boolean activeOnLaunch;

        @Option(names = "--destination", paramLabel = "URL", description = "A redirect's destination (http or https)")
        String destination;

        @Option(names = "--code", paramLabel = "CODE", description = "A redirect's status: 301, 302 or 307")
        Integer code;

        Create() {
            super(ROUTES);
        }

        @Override
        public String description() {
            return "Create a route: --type site --source S --site ID [--active] [--active-on-launch], "
                    + "or --type redirect --source S --destination URL [--code 301|302|307]";
        }

        @Override
        protected void addFields(ObjectNode body) {
            if (code != null && code != 301 && code != 302 && code != 307) {
                throw new CliException(ExitCode.USAGE, "--code " + code + ": a redirect's status is 301, 302 or 307");
            }
            if (type != null) {
                body.put("type", type.name());
            }
            CodeCommand.put(body, "source", source);
            CodeCommand.put(body, "siteId", site);
            if (active) {
                body.put("status", "active");
            }
            if (activeOnLaunch) {
                body.put("activeOnLaunch", true);
            }
            CodeCommand.put(body, "destination", destination);
            if (code != null) {
                body.put("redirectCode", code);
            }
        }
    }
}
