package dev.berth.core.testing.memory;

import dev.berth.core.port.SecretStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link SecretStore} in memory, for tests. */
public final class InMemorySecretStore implements SecretStore {
    private final Map<String, String> values = new ConcurrentSkipListMap<>();

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    @Override
    public void put(String name, String value) {
        values.put(name, value);
    }

    @Override
    public String putIfAbsent(String name, String value) {
        String existing = values.putIfAbsent(name, value);
        return existing == null ? value : existing;
    }

    @Override
    public void delete(String name) {
        values.remove(name);
    }

    @Override
    public List<String> names(String prefix) {
        return values.keySet().stream().filter(name -> name.startsWith(prefix)).toList();
    }

    /** Every value held, for tests that look for leaks. */
    public List<String> values() {
        return List.copyOf(values.values());
    }
}
