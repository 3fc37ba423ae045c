package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SecretVerbs;
import dev.berth.cli.resource.Verb;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "repos", description = "Watched GitHub repositories: their pull requests get sandboxes (admin)")
public final class ReposCommand extends ResourceCommand {
    static final Resource REPOS = new Resource("watched repository", "watched repositories", "/api/v1/watched-repositories",
            Column.of("id"), Column.of("repository", "fullName"), Column.of("baseDomain"), Column.of("enabled"),
            Column.of("maxSandboxes", "maxConcurrentSandboxes"), Column.of("keepDays", "keepDaysAfterClose"));

    @Override
    protected Resource resource() {
        return REPOS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = super.verbs();
        verbs.put("create", new Create());
        SecretVerbs.addTo(verbs, REPOS);
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--full-name", paramLabel = "OWNER/REPO", description = "The repository")
        String fullName;

        @Option(names = "--base-domain", paramLabel = "DOMAIN", description = "Where its sandboxes live")
        String baseDomain;

        Create() {
            super(REPOS);
        }

        @Override
        public String description() {
            return "Watch a repository: --full-name owner/repo [--base-domain D], other fields with --set or --json FILE";
        }

        @Override
        protected void addFields(ObjectNode body) {
            if (fullName != null) {
                body.put("fullName", fullName);
            }
            if (baseDomain != null) {
                body.put("baseDomain", baseDomain);
            }
        }
    }
}
