package dev.berth.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code BERTH_*} variables the functions' Java sources read, for {@link TemplateConsistencyTest}:
 * every string literal {@code "BERTH_[A-Z0-9_]+"} under {@code functions/MODULE/src/main/java}, by
 * module and by how it is read, judged from the text just before the literal:
 * <ul>
 *   <li>{@code getOrDefault("BERTH_X"} or {@code containsKey("BERTH_X"}: optional (a default, or a presence test);</li>
 *   <li>{@code get("BERTH_X"} or {@code required(env, "BERTH_X"}: required (the test's maps say who needs it);</li>
 *   <li>anything else (a literal that is written, or only named in a message): not a read.</li>
 * </ul>
 */
final class EnvironmentReads {
    enum Kind { OPTIONAL, REQUIRED }

    private static final Pattern LITERAL = Pattern.compile("\"(BERTH_[A-Z0-9_]+)\"");
    private static final Pattern OPTIONAL_BEFORE = Pattern.compile("(getOrDefault|containsKey)\\(\\s*$");
    private static final Pattern REQUIRED_BEFORE = Pattern.compile("(\\.get\\(|required\\(\\s*\\w+\\s*,)\\s*$");

    /** module -> variable -> the strongest way it is read there (REQUIRED wins over OPTIONAL). */
    private final Map<String, Map<String, Kind>> byModule = new TreeMap<>();

    static EnvironmentReads scan(Path functions) {
        EnvironmentReads out = new EnvironmentReads();
        try (Stream<Path> modules = Files.list(functions)) {
            for (Path module : modules.sorted().toList()) {
                Path sources = module.resolve("src/main/java");
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                Map<String, Kind> reads = out.byModule.computeIfAbsent(module.getFileName().toString(), m -> new TreeMap<>());
                try (Stream<Path> files = Files.walk(sources)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        read(Files.readString(file), reads);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static void read(String source, Map<String, Kind> reads) {
        Matcher m = LITERAL.matcher(source);
        while (m.find()) {
            String before = source.substring(Math.max(0, m.start() - 60), m.start());
            Kind kind = OPTIONAL_BEFORE.matcher(before).find() ? Kind.OPTIONAL
                    : REQUIRED_BEFORE.matcher(before).find() ? Kind.REQUIRED : null;
            if (kind != null) {
                reads.merge(m.group(1), kind, (a, b) -> a == Kind.REQUIRED || b == Kind.REQUIRED ? Kind.REQUIRED : Kind.OPTIONAL);
            }
        }
    }

    Set<String> modules() {
        return byModule.keySet();
    }

    /** The variables read by any of {@code modules}, with the strongest kind. */
    Map<String, Kind> readBy(Set<String> modules) {
        Map<String, Kind> out = new TreeMap<>();
        byModule.forEach((module, reads) -> {
            if (modules.contains(module)) {
                reads.forEach((name, kind) -> out.merge(name, kind,
                        (a, b) -> a == Kind.REQUIRED || b == Kind.REQUIRED ? Kind.REQUIRED : Kind.OPTIONAL));
            }
        });
        return out;
    }

    Set<String> all() {
        Set<String> out = new TreeSet<>();
        byModule.values().forEach(r -> out.addAll(r.keySet()));
        return out;
    }
}
