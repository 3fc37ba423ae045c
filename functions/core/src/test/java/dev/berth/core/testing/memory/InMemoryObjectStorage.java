package dev.berth.core.testing.memory;

import dev.berth.core.port.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link ObjectStorage} in memory, by key. */
public final class InMemoryObjectStorage implements ObjectStorage {
    private final Map<String, byte[]> objects = new ConcurrentSkipListMap<>();

    @Override
    public void put(String key, InputStream content, long length) {
        try {
            byte[] bytes = content.readAllBytes();
            if (bytes.length != length) {
                throw new IllegalArgumentException("put " + key + ": " + bytes.length + " bytes, not the " + length + " announced");
            }
            objects.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<InputStream> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(ByteArrayInputStream::new);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> new StoredObject(e.getKey(), e.getValue().length)).toList();
    }

    @Override
    public void deleteAll(String prefix) {
        objects.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** Replaces an object's bytes (tests corrupt backups with it). */
    public void overwrite(String key, byte[] bytes) {
        objects.put(key, bytes);
    }
}
