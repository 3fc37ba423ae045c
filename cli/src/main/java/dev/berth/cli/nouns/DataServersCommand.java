package dev.berth.cli.nouns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import dev.berth.cli.ExitCode;
import dev.berth.cli.resource.Column;
import dev.berth.cli.resource.CreateVerb;
import dev.berth.cli.resource.ListVerb;
import dev.berth.cli.resource.Resource;
import dev.berth.cli.resource.ResourceCommand;
import dev.berth.cli.resource.SetVerb;
import dev.berth.cli.resource.Verb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "data-servers", description = "The data tier's servers (admin): MySQL, PostgreSQL, MongoDB, RabbitMQ and storage that instances' data is placed on")
public final class DataServersCommand extends ResourceCommand {
    static final Resource DATA_SERVERS = new Resource("data server", "data servers", "/api/v1/data-servers",
            Column.of("id"), Column.of("name"), Column.of("kind"), Column.of("host"), Column.of("port"), Column.of("state"),
            Column.of("tenants"), Column.of("capacity"));

    @Override
    protected Resource resource() {
        return DATA_SERVERS;
    }

    @Override
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = super.verbs();
        verbs.put("list", new ListOfKind());
        verbs.put("create", new Create());
        verbs.put("set", new Set());
        return verbs;
    }

    static final class ListOfKind extends ListVerb {
        @Option(names = "--kind", paramLabel = "KIND", description = "Only this kind: mysql, postgresql, mongodb, rabbitmq, storage")
        String kind;

        ListOfKind() {
            super(DATA_SERVERS);
        }

        @Override
        protected Map<String, String> query() {
            Map<String, String> query = super.query();
            query.put("kind", kind);
            return query;
        }
    }

    /** Refuses a password given as KEY=VALUE: it would sit in the shell's history and in ps for every user to read. */
    static void noPasswordArguments(java.util.List<String> assignments) {
        if (assignments != null && assignments.stream().anyMatch(a -> a.startsWith("adminPassword"))) {
            throw new CliException(ExitCode.USAGE, "give the admin password with --admin-password-file FILE (or - for standard input), "
                    + "not on the command line");
        }
    }

    /** The admin password from a file (or standard input with -), never from the command line where ps shows it. */
    static String password(Verb verb, Path file, java.util.function.Supplier<String> stdin) {
        try {
            String text = file.toString().equals("-") ? stdin.get() : Files.readString(file);
            return text.strip();
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    static final class Create extends CreateVerb {
        @Option(names = "--name", paramLabel = "NAME", description = "Its name, unique")
        String name;

        @Option(names = "--kind", paramLabel = "KIND", description = "mysql, postgresql, mongodb, rabbitmq or storage")
        String kind;

        @Option(names = "--host", paramLabel = "HOST", description = "Where instances reach it (privately)")
        String host;

        @Option(names = "--port", paramLabel = "PORT", description = "Its port (default: the kind's)")
        Integer port;

        @Option(names = "--admin-user", paramLabel = "USER", description = "The user Berth administers it as")
        String adminUser;

        @Option(names = "--admin-password-file", paramLabel = "FILE", description = "The admin password, from a file (- for standard input)")
        Path adminPasswordFile;

        Create() {
            super(DATA_SERVERS);
        }

        @Override
        public String description() {
            return "Add a data server: --name --kind --host --admin-user --admin-password-file FILE, other fields with --set";
        }

        @Override
        protected void addFields(ObjectNode body) {
            noPasswordArguments(assignments);
            if (name != null) {
                body.put("name", name);
            }
            if (kind != null) {
                body.put("kind", kind);
            }
            if (host != null) {
                body.put("host", host);
            }
            if (port != null) {
                body.put("port", port);
            }
            if (adminUser != null) {
                body.put("adminUser", adminUser);
            }
            if (adminPasswordFile != null) {
                body.put("adminPassword", password(this, adminPasswordFile, () -> cli().readAllStdin()));
            }
        }
    }

    static final class Set extends SetVerb {
        @Option(names = "--admin-password-file", paramLabel = "FILE", description = "A new admin password, from a file (- for standard input)")
        Path adminPasswordFile;

        Set() {
            super(DATA_SERVERS);
        }

        @Override
        protected void addFields(ObjectNode patch) {
            noPasswordArguments(assignments);
            noPasswordArguments(positional);
            if (adminPasswordFile != null) {
                patch.put("adminPassword", password(this, adminPasswordFile, () -> cli().readAllStdin()));
            }
        }
    }
}
