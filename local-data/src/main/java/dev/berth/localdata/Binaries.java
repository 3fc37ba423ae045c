package dev.berth.localdata;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds server binaries: first on {@code PATH}, then where Debian puts them but not on a user's PATH
 * ({@code /usr/lib/postgresql/<newest>/bin}, {@code /usr/sbin}, {@code /usr/lib/rabbitmq/bin}, ...).
 */
final class Binaries {
    private Binaries() {
    }

    static List<Path> searchDirectories() {
        Set<Path> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        dirs.addAll(postgresqlBinDirectories());
        for (String extra : List.of("/usr/sbin", "/sbin", "/usr/lib/rabbitmq/bin", "/usr/bin", "/bin",
                "/usr/local/sbin", "/usr/local/bin")) {
            dirs.add(Path.of(extra));
        }
        dirs.addAll(erlangBinDirectories());
        return new ArrayList<>(dirs);
    }

    /** /usr/lib/postgresql/N/bin, newest major version first. */
    static List<Path> postgresqlBinDirectories() {
        return versionedDirectories(Path.of("/usr/lib/postgresql"), "", "bin");
    }

    private static List<Path> erlangBinDirectories() {
        return versionedDirectories(Path.of("/usr/lib/erlang"), "erts-", "bin");
    }

    private static List<Path> versionedDirectories(Path root, String prefix, String sub) {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root, prefix + "*")) {
            for (Path p : stream) {
                if (Files.isDirectory(p.resolve(sub))) {
                    found.add(p.resolve(sub));
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparing((Path p) -> versionKey(p.getParent().getFileName().toString()
                .substring(prefix.length()))).reversed());
        return found;
    }

    /** "15" -> "000015", "13.1.5" -> "000013.000001.000005": sortable as text. */
    private static String versionKey(String version) {
        StringBuilder sb = new StringBuilder();
        for (String part : version.split("\\.")) {
            String digits = part.replaceAll("\\D", "");
            sb.append(String.format("%06d.", digits.isEmpty() ? 0 : Long.parseLong(digits.substring(0,
                    Math.min(digits.length(), 6)))));
        }
        return sb.toString();
    }

    static Optional<Path> find(String name) {
        return find(name, p -> true);
    }

    /** The first executable file called {@code name} in {@link #searchDirectories()} that {@code acceptable} accepts. */
    static Optional<Path> find(String name, Predicate<Path> acceptable) {
        for (Path dir : searchDirectories()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && acceptable.test(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that is found. */
    static Optional<Path> findAny(String... names) {
        for (String name : names) {
            Optional<Path> found = find(name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
