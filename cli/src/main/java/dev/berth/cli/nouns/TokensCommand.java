package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.Api;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.Format;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.DeleteVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Printer;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.Verb;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "tokens", description = "API tokens (admin); a token's secret is shown once, when it is created")
public final class TokensCommand extends ResourceCommand {
    /** The API has no GET of one token: an item and its ETag come from the list. */
    static final Resource TOKENS = new Resource("token", "tokens", "/api/v1/tokens",
            Column.of("id"), Column.of("name"), Column.of("role"), Column.of("createdBy"), Column.of("created", "createdAt")) {
        @Override
        public Item read(Api api, String id) {
            String cursor = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("limit", "500");
                query.put("cursor", cursor);
                JsonNode page = api.get(path() + Api.query(query)).body();
                for (JsonNode token : page.path("items")) {
                    if (token.path("id").asText().equals(id)) {
                        return new Item(token.path("etag").asText(null), token);
                    }
                }
                cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
            } while (cursor != null);
            throw new CliException(ExitCode.NOT_FOUND, "no token " + id);
        }
    };

    @Override
    protected Resource resource() {
        return TOKENS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(TOKENS));
        verbs.put("create", new Create());
        verbs.put("revoke", new Revoke());
        return verbs;
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "What the token is for")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, manager or viewer")
        String role;

        Create() {
            super(TOKENS);
        }

        @Override
        public String description() {
            return "Create a token: --name N --role admin|manager|viewer; prints its secret once";
        }

        @Override
        protected void addFields(ObjectNode body) {
            body.put("name", name);
            body.put("role", role);
        }

        @Override
        protected void printCreated(ObjectNode created) {
            Format format = output.format();
            if (format == Format.TABLE) {
                new Printer(out(), format, TOKENS).row(created);
                out().println();
                out().println("token: " + created.path("token").asText());
                cli().err().println("(the secret is shown only now: store it)");
            } else {
                super.printCreated(created);
            }
        }
    }

    static final class Revoke extends DeleteVerb {
        Revoke() {
            super(TOKENS);
        }

        @Override
        public String description() {
            return "Revoke a token (it stops working at once here, within 30 s everywhere)";
        }

        @Override
        protected String done() {
            return "revoked";
        }
    }
}
