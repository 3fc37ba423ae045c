package dev.berth.core.repository;

import dev.berth.core.port.ObjectStorage;
import dev.berth.core.testing.memory.InMemoryObjectStorage;

class InMemoryObjectStorageTest extends ObjectStorageContract {
    @Override
    protected ObjectStorage storage() {
        return new InMemoryObjectStorage();
    }
}
