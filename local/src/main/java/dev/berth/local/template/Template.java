package dev.berth.local.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the local runtime reads from template.yaml: parameters, functions (handlers, environment,
 * HTTP routes, schedules), tables and state machines. Values that may hold intrinsics stay raw;
 * {@link CloudFormationIntrinsics} resolves them for the local world. Maps keep the template's order.
 *
 * @param resourceTypes every resource's logical id and {@code Type}, for resolving references
 * @param warnings      things the template declares that the local runtime ignores (e.g. an SQS event)
 */
public record Template(
        Path source,
        Map<String, Parameter> parameters,
        Map<String, String> resourceTypes,
        Map<String, FunctionResource> functions,
        Map<String, TableResource> tables,
        Map<String, StateMachineResource> stateMachines,
        List<String> warnings) {

    public static Template load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new TemplateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        Path folder = file.toAbsolutePath().getParent();
        return TemplateParser.parse(text, file, folder);
    }

    /** For templates written inline (tests): relative DefinitionUris resolve against {@code folder}. */
    public static Template parse(String yaml, Path folder) {
        return TemplateParser.parse(yaml, folder.resolve("template.yaml"), folder);
    }

    public FunctionResource function(String logicalId) {
        FunctionResource f = functions.get(logicalId);
        if (f == null) {
            throw new TemplateException("No AWS::Serverless::Function named " + logicalId + " in " + source);
        }
        return f;
    }
}
