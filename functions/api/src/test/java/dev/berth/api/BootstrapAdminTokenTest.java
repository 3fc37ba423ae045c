package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.LambdaClient.Response;
import dev.berth.core.repository.Repositories;
import dev.berth.core.service.TokenService;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemorySecretStore;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A deployed stack's first admin token: once, with the bootstrap secret the operator put in the secret store, audited. */
class BootstrapAdminTokenTest {
    private static final String SECRET = "stack-bootstrap-secret-0123456789abcdef";
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private Repositories repositories;
    private LambdaClient api;

    @BeforeEach
    void setUp() {
        repositories = TestCore.repositories();
        secrets.put(TokenService.BOOTSTRAP_SECRET, SECRET);
        api = new LambdaClient(new ApiRoot(TestApi.environment("in-memory"), new ApiRoot.Adapters(repositories, new RecordingWorkflows(),
                TestApi.QUIET_JOBS, () -> secrets, dev.berth.core.testing.memory.InMemoryObjectStorage::new))).as(null);
    }

    private Response bootstrap(String secret) {
        return api.post("/api/v1/bootstrap/admin-token", "{\"bootstrapSecret\":\"" + secret + "\",\"name\":\"first admin\"}");
    }

    @Test
    void theSecretMakesOneAdminTokenAndIsConsumed() {
        int tokensBefore = repositories.tokens().list(100, null).items().size();
        Response wrong = bootstrap("not-the-secret");
        assertEquals(401, wrong.status());
        assertEquals(tokensBefore, repositories.tokens().list(100, null).items().size(), "a wrong secret writes nothing");

        Response created = bootstrap(SECRET);
        assertEquals(201, created.status(), String.valueOf(created.body()));
        assertEquals("admin", created.body().get("role").asText());
        String token = created.body().get("token").asText();
        assertTrue(secrets.get(TokenService.BOOTSTRAP_SECRET).isEmpty(), "the secret is consumed");
        assertEquals(200, api.as(token).get("/api/v1/tokens", null, null).status(), "the new admin token works");
        var audit = repositories.audit().list(created.body().get("id").asText(), 10, null).items();
        assertEquals("bootstrap", audit.get(0).action());
        assertTrue(!audit.get(0).toString().contains(SECRET) && !audit.get(0).toString().contains(token), "no secret in the audit");

        Response again = bootstrap(SECRET);
        assertEquals(409, again.status(), "once per stack");
        assertEquals("already_bootstrapped", again.body().get("error").asText());
        assertEquals(tokensBefore + 1, repositories.tokens().list(100, null).items().size());
    }
}
