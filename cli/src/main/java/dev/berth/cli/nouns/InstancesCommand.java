package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SecretVerbs;
import dev.berth.cli.resource.Verb;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "instances", description = "Instances: domains, settings, what to deploy")
public final class InstancesCommand extends ResourceCommand {
    static final Resource INSTANCES = new Resource("instance", "instances", "/api/v1/instances",
            Column.of("id"), Column.of("name"), Column.of("domain", "domains.lms"), Column.of("status"),
            Column.of("active", "activeAppServerIds"), Column.of("updated", "updatedAt"));

    @Override
    protected Resource resource() {
        return INSTANCES;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = super.verbs();
        verbs.put("list", new Filtered());
        verbs.put("create", new Create());
        verbs.remove("delete");
        verbs.put("archive", new Archive());
        verbs.put("data", new Data());
        verbs.put("rotate-credentials", new RotateCredentials());
        SecretVerbs.addTo(verbs, INSTANCES);
        return verbs;
    }

    static final class Data extends Verb {
        @picocli.CommandLine.Mixin
        dev.berth.cli.Output output;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", description = "The instance's id")
        String id;

        @Override
        public String description() {
            return "Where the instance's persistent data lives: its data set's state, servers, databases and users (no passwords)";
        }

        @Override
        protected int run() {
            new dev.berth.cli.resource.Printer(out(), output.format(), INSTANCES).details(api().get(INSTANCES.itemPath(id) + "/data").body());
            return 0;
        }
    }

    static final class RotateCredentials extends Verb {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", description = "The instance's id")
        String id;

        @Override
        public String description() {
            return "New database users and passwords (admin): the next launch uses them, then the old ones are dropped";
        }

        @Override
        protected int run() {
            api().post(INSTANCES.itemPath(id) + "/credentials/rotate", null);
            out().println("instance " + id + ": new credentials made; launch an app server to deploy with them (the old ones go once it runs)");
            return 0;
        }
    }

    static final class Filtered extends ListVerb {
        @Option(names = "--status", paramLabel = "STATUS", description = "active (default) or archived")
        String status;

        @Option(names = {"--search", "--q"}, paramLabel = "PREFIX", description = "Name or domain prefix")
        String search;

        @Option(names = "--repository", paramLabel = "OWNER/REPO", description = "With --pull-request: the sandbox of a pull request")
        String repository;

        @Option(names = "--pull-request", paramLabel = "N")
        Integer pullRequest;

        Filtered() {
            super(INSTANCES);
        }

        @Override
        protected Map<String, String> query() {
            Map<String, String> query = super.query();
            query.put("status", status);
            query.put("q", search);
            query.put("repository", repository);
            query.put("pullRequest", pullRequest == null ? null : pullRequest.toString());
            return query;
        }
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "The instance's name")
        String name;

        @Option(names = "--sub-domain", paramLabel = "LABEL", description = "Its sub-domain (demo → demo.<base domain>)")
        String subDomain;

        Create() {
            super(INSTANCES);
        }

        @Override
        protected void addFields(ObjectNode body) {
            if (name != null) {
                body.put("name", name);
            }
            if (subDomain != null) {
                body.put("subDomain", subDomain);
            }
        }

        @Override
        public String description() {
            return "Create an instance: --name and --sub-domain, other fields with --set key=value or --json FILE";
        }
    }

    static final class Archive extends DeleteVerb {
        @Option(names = "--purge", description = "Also drop its data")
        boolean purge;

        Archive() {
            super(INSTANCES);
        }

        @Override
        public String description() {
            return "Archive an instance: terminate its app servers, remove its DNS (with If-Match); --purge then drops its data and record";
        }

        @Override
        protected Map<String, String> query() {
            Map<String, String> query = super.query();
            if (purge) {
                query.put("purge", "true");
            }
            return query;
        }

        @Override
        protected String accepted() {
            return "archived; the purge drops its databases and backups, then its record";
        }
    }
}
