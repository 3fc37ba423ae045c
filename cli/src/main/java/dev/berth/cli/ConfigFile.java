package dev.berth.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named profiles in {@code ~/.config/berth/config} ({@code $XDG_CONFIG_HOME/berth/config},
 * or the file {@code BERTH_CONFIG} names):
 *
 * <pre>
 * [profile default]
 * api = http://localhost:8080
 * token = brt_...
 * </pre>
 *
 * It holds tokens, so it is read only when nobody else may read it (mode 0600) and always written
 * that way.
 */
public final class ConfigFile {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(?:profile\\s+)?([^\\]\\s]+)\\s*]\\s*$");
    private static final Pattern ENTRY = Pattern.compile("^\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(.*?)\\s*$");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final Path file;

    public ConfigFile(Path file) {
        this.file = file;
    }

    /** BERTH_CONFIG, else $XDG_CONFIG_HOME/berth/config, else $HOME/.config/berth/config. */
    public static ConfigFile locate(Cli cli) {
        String explicit = cli.env("BERTH_CONFIG");
        if (explicit != null) {
            return new ConfigFile(Path.of(explicit));
        }
        String xdg = cli.env("XDG_CONFIG_HOME");
        if (xdg != null) {
            return new ConfigFile(Path.of(xdg, "berth", "config"));
        }
        String home = cli.env("HOME");
        return new ConfigFile(Path.of(home != null ? home : System.getProperty("user.home"), ".config", "berth", "config"));
    }

    public Path path() {
        return file;
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Every profile: name → (key → value). Empty when the file does not exist. */
    public Map<String, Map<String, String>> read() {
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return profiles;
        }
        checkMode();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        String section = "default";
        int number = 0;
        for (String line : lines) {
            number++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            Matcher header = SECTION.matcher(line);
            if (header.matches()) {
                section = header.group(1);
                profiles.computeIfAbsent(section, s -> new LinkedHashMap<>());
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                throw new CliException(ExitCode.USAGE, file + " line " + number + ": expected [profile NAME] or key = value");
            }
            profiles.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(entry.group(1), entry.group(2));
        }
        return profiles;
    }

    /** One profile's settings; empty when it is not there. */
    public Map<String, String> profile(String name) {
        return read().getOrDefault(name, Map.of());
    }

    private void checkMode() {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        if (permissions.stream().anyMatch(others::contains)) {
            throw new CliException(ExitCode.USAGE, file + " holds API tokens but its mode is " + octal(permissions)
                    + " (group or others may use it): refusing to read it. Run: chmod 600 " + file);
        }
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }

    /**
     * Sets keys of one profile, keeping every other line (comments, other profiles) as it was;
     * writes the file with mode 0600 (its folder 0700 when it creates it).
     */
    public void store(String profile, Map<String, String> values) {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            checkMode();
            try {
                lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILURE, "cannot read " + file + ": " + e.getMessage());
            }
        } else {
            lines.add("# berth CLI profiles. It holds API tokens: keep it mode 0600.");
        }
        int start = -1;
        int end = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            Matcher header = SECTION.matcher(lines.get(i));
            if (header.matches()) {
                if (start >= 0) {
                    end = i;
                    break;
                }
                if (header.group(1).equals(profile)) {
                    start = i;
                }
            }
        }
        if (start < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                lines.add("");
            }
            lines.add("[profile " + profile + "]");
            values.forEach((key, value) -> lines.add(key + " = " + value));
        } else {
            Map<String, String> missing = new LinkedHashMap<>(values);
            int lastEntry = start;
            for (int i = start + 1; i < end; i++) {
                Matcher entry = ENTRY.matcher(lines.get(i));
                if (entry.matches()) {
                    lastEntry = i;
                    String key = entry.group(1);
                    if (missing.containsKey(key)) {
                        lines.set(i, key + " = " + missing.remove(key));
                    }
                }
            }
            int at = lastEntry + 1;
            for (Map.Entry<String, String> entry : missing.entrySet()) {
                lines.add(at++, entry.getKey() + " = " + entry.getValue());
            }
        }
        write(String.join("\n", lines) + "\n");
    }

    private void write(String content) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                try {
                    Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(folder);
                }
            }
            Path temp;
            try {
                temp = Files.createTempFile(folder, ".config", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                temp = Files.createTempFile(folder, ".config", ".tmp");
            }
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            try {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            } catch (UnsupportedOperationException e) {
                // not POSIX
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILURE, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
