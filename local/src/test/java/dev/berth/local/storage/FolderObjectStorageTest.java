package dev.berth.local.storage;

import dev.berth.core.port.ObjectStorage;
import dev.berth.core.repository.ObjectStorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FolderObjectStorageTest extends ObjectStorageContract {
    @TempDir
    Path folder;

    @Override
    protected ObjectStorage storage() {
        return new FolderObjectStorage(folder.resolve("bucket"));
    }
}
