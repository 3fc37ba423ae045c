package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SetVerb;
import dev.berth.cli.resource.ShowVerb;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Setting profiles: named defaults a new instance starts from (instances create --set profile=NAME). */
@Command(name = "profiles", description = "Setting profiles: named defaults new instances start from (admin writes)")
public final class ProfilesCommand extends ResourceCommand {
    static final Resource PROFILES = new Resource("profile", "profiles", "/api/v1/profiles",
            Column.of("name"), Column.of("description"), Column.of("defaults")) {
        @Override
        public String idField() {
            return "name";
        }
    };

    @Override
    protected Resource resource() {
        return PROFILES;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(PROFILES));
        verbs.put("show", new ShowVerb(PROFILES));
        verbs.put("create", new Create());
        verbs.put("set", new SetVerb(PROFILES) {
            @Override
            public String description() {
                return "Change a profile: description=..., defaults.openedxRelease=teak, defaults.ephemeralDatabases:=false (If-Match)";
            }
        });
        verbs.put("delete", new DeleteVerb(PROFILES) {
            @Override
            public String description() {
                return "Delete a profile (instances created from it keep their settings)";
            }
        });
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "Its name: lower-case letters, digits and -")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "What it is for")
        String description;

        Create() {
            super(PROFILES);
        }

        @Override
        public String description() {
            return "Define a profile: --name N [--description T] --set defaults.openedxRelease=teak --set defaults.rebuildSchedule=weekly ...";
        }

        @Override
        protected void addFields(ObjectNode body) {
            if (name != null) {
                body.put("name", name);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (!body.has("defaults")) {
                body.putObject("defaults");
            }
        }
    }
}
