package dev.berth.local.storage;

import dev.berth.core.port.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A bucket on a laptop: a folder, one file per object (written to a temporary file, then moved into place). */
public final class FolderObjectStorage implements ObjectStorage {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/?");
    private final Path root;

    public FolderObjectStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String key, InputStream content, long length) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".upload", ".tmp");
            long copied = Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
            if (copied != length) {
                Files.deleteIfExists(temporary);
                throw new IllegalArgumentException("put " + key + ": " + copied + " bytes, not the " + length + " announced");
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> get(String key) {
        Path file = file(key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.newInputStream(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String key = root.relativize(file).toString().replace('\\', '/');
                if (key.startsWith(prefix) && !file.getFileName().toString().endsWith(".tmp")) {
                    objects.add(new StoredObject(key, Files.size(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    @Override
    public void deleteAll(String prefix) {
        try {
            for (StoredObject object : list(prefix)) {
                Files.deleteIfExists(file(object.key()));
            }
            if (prefix.endsWith("/") && Files.isDirectory(file(prefix))) {
                try (Stream<Path> left = Files.walk(file(prefix))) {
                    for (Path path : left.sorted(Comparator.reverseOrder()).toList()) {
                        if (Files.isDirectory(path)) {
                            try (Stream<Path> entries = Files.list(path)) {
                                if (entries.findAny().isEmpty()) {
                                    Files.delete(path);
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys are checked, so none reaches outside the folder. */
    private Path file(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Not an object key: " + key);
        }
        return root.resolve(key).normalize();
    }
}
