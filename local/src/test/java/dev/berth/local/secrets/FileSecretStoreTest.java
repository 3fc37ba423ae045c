package dev.berth.local.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.SecretStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreTest extends SecretStoreContract {
    @TempDir
    Path folder;

    @Override
    protected SecretStore store() {
        return new FileSecretStore(folder.resolve("secrets"));
    }

    @Test
    void filesAreReadableByThisUserOnlyAndNamesStayInside() throws Exception {
        SecretStore store = store();
        store.put("servers/db-1/admin", "s3cret");
        Path file = folder.resolve("secrets/servers/db-1/admin");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertThrows(IllegalArgumentException.class, () -> store.put("../escape", "x"));
        assertThrows(IllegalArgumentException.class, () -> store.get("/etc/passwd"));
    }
}
