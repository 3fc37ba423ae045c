package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.local.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSystemTest {

    /** Regression (issue 18.10): the in-memory runtime left its VMs' folders in the temporary directory. */
    @Test
    void aCleanStopOfTheInMemoryRuntimeLeavesNoFolderBehind() throws Exception {
        LocalSystem system = LocalSystem.create(new LocalOptions(Repo.template(), 0, null, Map.of("BERTH_ADMIN_TOKEN",
                "folder-test-admin-token-0123"), 0));
        system.runtime().start();
        Path root = system.cloud().root().getParent();
        assertTrue(Files.isDirectory(root.resolve("cloud")));
        assertTrue(Files.isDirectory(root.resolve("secrets")));
        system.runtime().stop();
        assertFalse(Files.exists(root), root + " is gone");
    }

    @Test
    void keptDataStaysWhereTheUserPutIt(@TempDir Path data) throws Exception {
        LocalSystem system = LocalSystem.create(new LocalOptions(Repo.template(), 0, data, Map.of("BERTH_ADMIN_TOKEN",
                "folder-test-admin-token-0123"), 0));
        system.runtime().start();
        system.runtime().stop();
        assertTrue(Files.isDirectory(data.resolve("cloud")) && Files.isDirectory(data.resolve("secrets")));
    }
}
