package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.SecretStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every secret store keeps values, lists names by prefix, and agrees on the first value of a name. */
public abstract class SecretStoreContract {

    protected abstract SecretStore store();

    @Test
    public void valuesAreKeptReplacedListedAndDeleted() {
        SecretStore store = store();
        store.put("instances/in-1/user/SMTP_PASSWORD", "p1");
        store.put("instances/in-1/user/SMTP_PASSWORD", "p2");
        store.put("instances/in-1/user/AWS_SECRET", "a");
        store.put("instances/in-2/user/OTHER", "o");
        assertEquals("p2", store.get("instances/in-1/user/SMTP_PASSWORD").orElseThrow());
        assertEquals(List.of("instances/in-1/user/AWS_SECRET", "instances/in-1/user/SMTP_PASSWORD"), store.names("instances/in-1/user/"));
        store.delete("instances/in-1/user/AWS_SECRET");
        store.delete("instances/in-1/user/AWS_SECRET");
        assertEquals(List.of("instances/in-1/user/SMTP_PASSWORD"), store.names("instances/in-1/"));
        assertTrue(store.get("nothing/here").isEmpty());
    }

    @Test
    public void theFirstValueOfANameWins() {
        SecretStore store = store();
        assertEquals("first", store.putIfAbsent("instances/in-1/openedx/OPENEDX_SECRET_KEY", "first"));
        assertEquals("first", store.putIfAbsent("instances/in-1/openedx/OPENEDX_SECRET_KEY", "second"));
        assertEquals("first", store.get("instances/in-1/openedx/OPENEDX_SECRET_KEY").orElseThrow());
        String multiline = "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n";
        store.put("instances/in-1/openedx/JWT_RSA_PRIVATE_KEY", multiline);
        assertEquals(multiline, store.get("instances/in-1/openedx/JWT_RSA_PRIVATE_KEY").orElseThrow(), "values keep their bytes");
    }
}
