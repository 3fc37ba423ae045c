package dev.berth.local.secrets;

import dev.berth.core.port.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The laptop's {@link SecretStore}: one file per secret under the runtime's data folder, mode
 * 0600 in folders of mode 0700, so only this user reads them. Names are checked, so a name can
 * never reach outside the folder.
 */
public final class FileSecretStore implements SecretStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private final Path root;

    public FileSecretStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        createFolder(this.root);
    }

    @Override
    public synchronized Optional<String> get(String name) {
        Path file = file(name);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void put(String name, String value) {
        Path file = file(name);
        createFolder(file.getParent());
        try {
            Path temporary = Files.createTempFile(file.getParent(), ".secret", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, value, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized String putIfAbsent(String name, String value) {
        Optional<String> existing = get(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        put(name, value);
        return value;
    }

    @Override
    public synchronized void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized List<String> names(String prefix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .filter(n -> !n.endsWith(".tmp") && n.startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        return root.resolve(name);
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // a folder already
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
