package dev.berth.cli.resource;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * A noun over a resource path: {@code berth <noun> list|show|create|set|delete}. A new noun is a
 * small subclass annotated with its {@code @Command(name, description)} that says what its
 * {@link Resource} is, and overrides {@link #verbs()} where it differs (fewer verbs, named
 * options on create, another name for delete, extra operations).
 */
public abstract class ResourceCommand {
    protected abstract Resource resource();

    /** The verbs by name, in the order of the help. Default: list, show, create, set, delete. */
    protected Map<String, Verb> verbs() {
        Map<String, Verb> verbs = new LinkedHashMap<>();
        verbs.put("list", new ListVerb(resource()));
        verbs.put("show", new ShowVerb(resource()));
        verbs.put("create", new CreateVerb(resource()));
        verbs.put("set", new SetVerb(resource()));
        verbs.put("delete", new DeleteVerb(resource()));
        return verbs;
    }

    /** The noun with its verbs, ready to add to the root command. */
    public CommandLine commandLine() {
        CommandLine noun = new CommandLine(this);
        verbs().forEach((name, verb) -> {
            CommandLine command = new CommandLine(verb);
            command.getCommandSpec().usageMessage().description(verb.description());
            noun.addSubcommand(name, command);
        });
        return noun;
    }
}
