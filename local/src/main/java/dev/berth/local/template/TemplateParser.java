package dev.berth.local.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads the parts of a SAM template the local runtime needs; errors name the path in the template. */
final class TemplateParser {
    private static final int DEFAULT_TIMEOUT_SECONDS = 3;
    private static final int DEFAULT_MEMORY_MB = 128;

    private final Path source;
    private final Path folder;
    private final List<String> warnings = new ArrayList<>();

    private TemplateParser(Path source, Path folder) {
        this.source = source;
        this.folder = folder;
    }

    static Template parse(String yaml, Path source, Path folder) {
        return new TemplateParser(source, folder).parse(yaml);
    }

    private Template parse(String yaml) {
        Object document;
        try {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new TemplateException(source + " is not valid YAML (short-form tags such as !Ref are not supported; "
                    + "write Ref:/Fn::Sub: instead): " + e.getMessage(), e);
        }
        Map<String, Object> root = map(document, "(root)");
        Map<String, Object> globalFunction = map(map(root.get("Globals"), "Globals").get("Function"), "Globals.Function");
        Map<String, Object> globalEnvironment = environmentVariables(globalFunction, "Globals.Function");

        Map<String, Parameter> parameters = new LinkedHashMap<>();
        map(root.get("Parameters"), "Parameters").forEach((name, value) -> parameters.put(name, parameter(name, value)));

        Map<String, Object> resources = map(root.get("Resources"), "Resources");
        if (resources.isEmpty()) {
            throw new TemplateException(source + " has no Resources");
        }
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, FunctionResource> functions = new LinkedHashMap<>();
        Map<String, TableResource> tables = new LinkedHashMap<>();
        Map<String, StateMachineResource> stateMachines = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : resources.entrySet()) {
            String id = entry.getKey();
            String where = "Resources." + id;
            Map<String, Object> resource = map(entry.getValue(), where);
            String type = string(resource.get("Type"), where + ".Type");
            types.put(id, type);
            Map<String, Object> properties = map(resource.get("Properties"), where + ".Properties");
            switch (type) {
                case "AWS::Serverless::Function" -> functions.put(id,
                        function(id, properties, globalFunction, globalEnvironment, where + ".Properties"));
                case "AWS::DynamoDB::Table" -> tables.put(id, table(id, properties, where + ".Properties"));
                case "AWS::Serverless::StateMachine" -> stateMachines.put(id, stateMachine(id, properties, where + ".Properties"));
                default -> {
                    // HttpApi, log groups, alarms...: nothing to run locally.
                }
            }
        }
        return new Template(source, Collections.unmodifiableMap(parameters), Collections.unmodifiableMap(types),
                Collections.unmodifiableMap(functions), Collections.unmodifiableMap(tables),
                Collections.unmodifiableMap(stateMachines), List.copyOf(warnings));
    }

    private Parameter parameter(String name, Object value) {
        String where = "Parameters." + name;
        Map<String, Object> p = map(value, where);
        Object def = p.get("Default");
        return new Parameter(name, optionalString(p.get("Type"), where + ".Type", "String"),
                def == null ? null : scalar(def, where + ".Default"),
                Boolean.TRUE.equals(p.get("NoEcho")) || "true".equals(String.valueOf(p.get("NoEcho"))));
    }

    private FunctionResource function(String id, Map<String, Object> properties, Map<String, Object> globals,
                                      Map<String, Object> globalEnvironment, String where) {
        String handler = string(properties.containsKey("Handler") ? properties.get("Handler") : globals.get("Handler"), where + ".Handler");
        String handlerClass = handler;
        String handlerMethod = "handleRequest";
        int separator = handler.indexOf("::");
        if (separator >= 0) {
            handlerClass = handler.substring(0, separator);
            handlerMethod = handler.substring(separator + 2);
        }
        Map<String, Object> environment = new LinkedHashMap<>(globalEnvironment);
        environment.putAll(environmentVariables(properties, where));

        List<HttpApiEvent> routes = new ArrayList<>();
        List<ScheduleEvent> schedules = new ArrayList<>();
        map(properties.get("Events"), where + ".Events").forEach((name, value) -> {
            String eventWhere = where + ".Events." + name;
            Map<String, Object> event = map(value, eventWhere);
            String type = string(event.get("Type"), eventWhere + ".Type");
            Map<String, Object> p = map(event.get("Properties"), eventWhere + ".Properties");
            switch (type) {
                case "HttpApi" -> routes.add(httpApiEvent(name, p, eventWhere + ".Properties"));
                case "Schedule", "ScheduleV2" -> schedules.add(scheduleEvent(name, type, p, eventWhere + ".Properties"));
                default -> warnings.add(eventWhere + ": event type " + type + " is not run by the local runtime");
            }
        });
        int timeout = integer(firstPresent(properties.get("Timeout"), globals.get("Timeout")), where + ".Timeout", DEFAULT_TIMEOUT_SECONDS);
        int memory = integer(firstPresent(properties.get("MemorySize"), globals.get("MemorySize")), where + ".MemorySize", DEFAULT_MEMORY_MB);
        return new FunctionResource(id, handlerClass, handlerMethod, Collections.unmodifiableMap(environment),
                List.copyOf(routes), List.copyOf(schedules), timeout, memory);
    }

    private HttpApiEvent httpApiEvent(String name, Map<String, Object> p, String where) {
        Object method = p.get("Method");
        Object path = p.get("Path");
        if (method == null && path == null) {
            return new HttpApiEvent(name, "ANY", null);
        }
        String m = string(method, where + ".Method").toUpperCase(Locale.ROOT);
        if (m.equals("X-AMAZON-APIGATEWAY-ANY-METHOD")) {
            m = "ANY";
        }
        String pathText = string(path, where + ".Path");
        if (!pathText.startsWith("/")) {
            throw new TemplateException(where + ".Path must start with '/': " + pathText);
        }
        int greedy = pathText.indexOf("+}");
        if (greedy >= 0 && greedy != pathText.length() - 2) {
            throw new TemplateException(where + ".Path: a greedy path variable must be the last segment: " + pathText);
        }
        return new HttpApiEvent(name, m, pathText);
    }

    private ScheduleEvent scheduleEvent(String name, String type, Map<String, Object> p, String where) {
        String expression = string(p.get(type.equals("Schedule") ? "Schedule" : "ScheduleExpression"), where
                + (type.equals("Schedule") ? ".Schedule" : ".ScheduleExpression"));
        boolean enabled = true;
        if (p.containsKey("Enabled")) {
            enabled = Boolean.parseBoolean(scalar(p.get("Enabled"), where + ".Enabled"));
        }
        if (p.containsKey("State")) {
            enabled = "ENABLED".equalsIgnoreCase(scalar(p.get("State"), where + ".State"));
        }
        return new ScheduleEvent(name, type, expression, p.get("Input"), enabled);
    }

    private TableResource table(String id, Map<String, Object> properties, String where) {
        List<TableResource.Attribute> attributes = new ArrayList<>();
        List<Object> definitions = list(properties.get("AttributeDefinitions"), where + ".AttributeDefinitions");
        for (int i = 0; i < definitions.size(); i++) {
            String w = where + ".AttributeDefinitions[" + i + "]";
            Map<String, Object> a = map(definitions.get(i), w);
            attributes.add(new TableResource.Attribute(string(a.get("AttributeName"), w + ".AttributeName"),
                    string(a.get("AttributeType"), w + ".AttributeType")));
        }
        if (attributes.isEmpty()) {
            throw new TemplateException(where + ".AttributeDefinitions is missing or empty");
        }
        List<TableResource.KeyElement> keys = keySchema(properties.get("KeySchema"), where + ".KeySchema");
        List<TableResource.SecondaryIndex> gsis = indexes(properties.get("GlobalSecondaryIndexes"), where + ".GlobalSecondaryIndexes");
        List<TableResource.SecondaryIndex> lsis = indexes(properties.get("LocalSecondaryIndexes"), where + ".LocalSecondaryIndexes");
        TableResource.TimeToLive ttl = null;
        if (properties.get("TimeToLiveSpecification") != null) {
            String w = where + ".TimeToLiveSpecification";
            Map<String, Object> spec = map(properties.get("TimeToLiveSpecification"), w);
            boolean enabled = Boolean.parseBoolean(scalar(spec.get("Enabled"), w + ".Enabled"));
            ttl = new TableResource.TimeToLive(enabled || spec.get("AttributeName") != null
                    ? string(spec.get("AttributeName"), w + ".AttributeName") : null, enabled);
        }
        return new TableResource(id, List.copyOf(attributes), keys, gsis, lsis, ttl);
    }

    private List<TableResource.SecondaryIndex> indexes(Object value, String where) {
        List<TableResource.SecondaryIndex> out = new ArrayList<>();
        List<Object> items = list(value, where);
        for (int i = 0; i < items.size(); i++) {
            String w = where + "[" + i + "]";
            Map<String, Object> index = map(items.get(i), w);
            Map<String, Object> projection = map(index.get("Projection"), w + ".Projection");
            List<String> nonKey = new ArrayList<>();
            List<Object> nonKeyValues = list(projection.get("NonKeyAttributes"), w + ".Projection.NonKeyAttributes");
            for (int j = 0; j < nonKeyValues.size(); j++) {
                nonKey.add(string(nonKeyValues.get(j), w + ".Projection.NonKeyAttributes[" + j + "]"));
            }
            out.add(new TableResource.SecondaryIndex(string(index.get("IndexName"), w + ".IndexName"),
                    keySchema(index.get("KeySchema"), w + ".KeySchema"),
                    optionalString(projection.get("ProjectionType"), w + ".Projection.ProjectionType", "ALL"),
                    List.copyOf(nonKey)));
        }
        return List.copyOf(out);
    }

    private List<TableResource.KeyElement> keySchema(Object value, String where) {
        List<TableResource.KeyElement> out = new ArrayList<>();
        List<Object> items = list(value, where);
        for (int i = 0; i < items.size(); i++) {
            String w = where + "[" + i + "]";
            Map<String, Object> k = map(items.get(i), w);
            out.add(new TableResource.KeyElement(string(k.get("AttributeName"), w + ".AttributeName"),
                    string(k.get("KeyType"), w + ".KeyType")));
        }
        if (out.isEmpty()) {
            throw new TemplateException(where + " is missing or empty");
        }
        return List.copyOf(out);
    }

    private StateMachineResource stateMachine(String id, Map<String, Object> properties, String where) {
        Object uri = properties.get("DefinitionUri");
        Path file = null;
        if (uri != null) {
            if (!(uri instanceof String text)) {
                throw new TemplateException(where + ".DefinitionUri: only a local file path is supported, not " + uri);
            }
            file = folder.resolve(text).normalize();
        } else if (properties.get("Definition") != null) {
            warnings.add(where + ": an inline Definition is not run by the local runtime; use DefinitionUri");
        }
        List<ScheduleEvent> schedules = new ArrayList<>();
        map(properties.get("Events"), where + ".Events").forEach((name, value) -> {
            String eventWhere = where + ".Events." + name;
            Map<String, Object> event = map(value, eventWhere);
            String type = string(event.get("Type"), eventWhere + ".Type");
            if (type.equals("Schedule") || type.equals("ScheduleV2")) {
                schedules.add(scheduleEvent(name, type, map(event.get("Properties"), eventWhere + ".Properties"), eventWhere + ".Properties"));
            } else {
                warnings.add(eventWhere + ": event type " + type + " is not run by the local runtime");
            }
        });
        return new StateMachineResource(id, optionalString(properties.get("Type"), where + ".Type", "STANDARD"), file,
                Collections.unmodifiableMap(new LinkedHashMap<>(map(properties.get("DefinitionSubstitutions"),
                        where + ".DefinitionSubstitutions"))), List.copyOf(schedules));
    }

    private Map<String, Object> environmentVariables(Map<String, Object> owner, String where) {
        Map<String, Object> environment = map(owner.get("Environment"), where + ".Environment");
        return map(environment.get("Variables"), where + ".Environment.Variables");
    }

    // --- typed access with the template path in every error ---

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new TemplateException(where + " must be a mapping, found " + describe(value));
        }
        for (Object key : m.keySet()) {
            if (!(key instanceof String)) {
                throw new TemplateException(where + " has a non-string key: " + key);
            }
        }
        return (Map<String, Object>) m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> l)) {
            throw new TemplateException(where + " must be a list, found " + describe(value));
        }
        return (List<Object>) l;
    }

    private static String string(Object value, String where) {
        if (value == null) {
            throw new TemplateException(where + " is missing");
        }
        return scalar(value, where);
    }

    private static String optionalString(Object value, String where, String fallback) {
        return value == null ? fallback : scalar(value, where);
    }

    /** A plain scalar; an intrinsic here is not something the local runtime resolves. */
    private static String scalar(Object value, String where) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new TemplateException(where + " must be a plain value here (the local runtime resolves intrinsics only in "
                + "environment variables and definition substitutions), found " + describe(value));
    }

    private static int integer(Object value, String where, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(scalar(value, where));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + " must be an integer, found " + value);
        }
    }

    private static Object firstPresent(Object a, Object b) {
        return a != null ? a : b;
    }

    static String describe(Object value) {
        if (value instanceof Map<?, ?> m) {
            return "a mapping " + m.keySet();
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value == null ? "nothing" : "'" + value + "'";
    }
}
