package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.Json;
import dev.berth.cli.Output;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.IfMatch;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SetVerb;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Drupal code items. An item's {@code version} is the code's own (10.3.1); the record's version,
 * which If-Match sends back, is its {@code revision} and its ETag.
 */
@Command(name = "code", description = "Drupal code items (core, profiles, modules, themes...): register, make current, delete")
public final class CodeCommand extends ResourceCommand {
    static final Resource CODE = new Resource("code item", "code items", "/api/v1/code",
            Column.of("id"), Column.of("name"), Column.of("version"), Column.of("type"), Column.of("current"), Column.of("deploy"),
            Column.of("commit", "commitHash"));

    @Override
    protected Resource resource() {
        return CODE;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(CODE));
        verbs.put("show", new ShowVerb(CODE));
        verbs.put("create", new Create());
        verbs.put("set", new Change());
        verbs.put("make-current", new MakeCurrent());
        verbs.put("delete", new Delete());
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "Its name (3-64 of a-z, 0-9, _ and -), e.g. drupal, standard")
        String name;

        @Option(names = "--version", paramLabel = "VERSION", description = "The code's version, e.g. 10.3.1 or 8.x-1.2")
        String version;

        @Option(names = "--type", paramLabel = "TYPE", description = "core, profile, module, theme, library or static")
        String type;

        @Option(names = "--git-url", paramLabel = "URL", description = "Where its repository is")
        String gitUrl;

        @Option(names = "--commit", paramLabel = "SHA", description = "The commit to check out (7 to 40 hex digits)")
        String commit;

        @Option(names = "--current", description = "Make it the current item of its name and type (the others stop being current)")
        boolean current;

        @Option(names = "--label", paramLabel = "LABEL", description = "A label for people")
        String label;

        @Option(names = "--tag", paramLabel = "TAG", description = "A tag, repeatable")
        List<String> tags;

        @Option(names = "--registry-rebuild", description = "Rebuild the registry of the sites that change to it")
        boolean registryRebuild;

        @Option(names = "--no-cache-clear", description = "Do not clear the caches of the sites that change to it")
        boolean noCacheClear;

        @Option(names = "--no-update-database", description = "Do not run database updates on the sites that change to it")
        boolean noUpdateDatabase;

        Create() {
            super(CODE);
        }

        @Override
        public String description() {
            return "Register a code item: --name --version --type --git-url --commit [--current] [--label] [--tag]... "
                    + "(its checkout is deployed to every web server)";
        }

        @Override
        protected void addFields(ObjectNode body) {
            put(body, "name", name);
            put(body, "version", version);
            put(body, "type", type);
            put(body, "gitUrl", gitUrl);
            put(body, "commitHash", commit);
            put(body, "label", label);
            if (current) {
                body.put("current", true);
            }
            if (tags != null) {
                ArrayNode array = body.putArray("tags");
                tags.forEach(array::add);
            }
            if (registryRebuild) {
                body.put("registryRebuild", true);
            }
            if (noCacheClear) {
                body.put("cacheClear", false);
            }
            if (noUpdateDatabase) {
                body.put("updateDatabase", false);
            }
        }
    }

    static void put(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }

    static final class Change extends SetVerb {
        Change() {
            super(CODE);
        }

        @Override
        public String description() {
            return "Change fields of a code item (a JSON merge patch, with If-Match); name and type cannot change";
        }
    }

    static final class Delete extends DeleteVerb {
        Delete() {
            super(CODE);
        }

        @Override
        public String description() {
            return "Delete a code item (with If-Match); refused (exit 4) while it is current or sites use it";
        }
    }

    static final class MakeCurrent extends Verb {
        @Mixin
        Output output;

        @Parameters(index = "0", paramLabel = "ID", description = "The code item's id")
        String id;

        @Option(names = "--force", description = "If it changed since it was read, write anyway")
        boolean force;

        @Override
        public String description() {
            return "Make a code item the current one of its name and type (with If-Match); the others stop being current";
        }

        @Override
        protected int run() {
            Api api = api();
            ObjectNode patch = Json.MAPPER.createObjectNode().put("current", true);
            Api.Response updated = IfMatch.write(cli(), api, CODE, id, force,
                    etag -> api.send("PATCH", CODE.itemPath(id), patch, Api.MERGE_PATCH, etag));
            new Printer(out(), output.format(), CODE).row(updated.body());
            return 0;
        }
    }
}
