package dev.berth.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.SecretStore;

/** What every provisioned instance's connections must satisfy. */
final class DataConnectionsAssertions {
    private DataConnectionsAssertions() {
    }

    static void passwordsAreDistinctAndStored(DataTier tier, SecretStore secrets, String instanceId) {
        DataConnections connections = tier.provisioning().connections(instanceId).orElseThrow();
        DataConnections.Connection mysql = connections.of(DataKind.MYSQL).orElseThrow();
        DataConnections.Connection mongo = connections.of(DataKind.MONGODB).orElseThrow();
        assertNotNull(mysql.password());
        assertTrue(mysql.password().length() >= 32);
        assertEquals(mysql.password(), secrets.get(DataPlacement.passwordSecret(instanceId, DataKind.MYSQL, mysql.username())).orElseThrow());
        assertTrue(!mysql.password().equals(mongo.password()), "each kind has its own password");
        assertTrue(mysql.databases().containsKey("openedx") && mysql.databases().containsKey("xqueue"), mysql.databases().toString());
        assertTrue(!mysql.toString().contains(mysql.password()), "toString leaves the password out");
    }
}
