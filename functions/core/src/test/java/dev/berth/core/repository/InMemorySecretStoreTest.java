package dev.berth.core.repository;

import dev.berth.core.port.SecretStore;
import dev.berth.core.testing.memory.InMemorySecretStore;

class InMemorySecretStoreTest extends SecretStoreContract {
    @Override
    protected SecretStore store() {
        return new InMemorySecretStore();
    }
}
