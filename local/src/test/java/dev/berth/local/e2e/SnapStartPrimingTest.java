package dev.berth.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.api.http.ApiResponse;
import dev.berth.lambda.Primed;
import dev.berth.local.LocalOptions;
import dev.berth.local.LocalSystem;
import dev.berth.local.lambda.LocalFunction;
import dev.berth.local.testing.Written;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 19.2: every function primes itself before a SnapStart snapshot by running its request
 * path once; the priming must leave no trace: nothing written, no execution started.
 */
class SnapStartPrimingTest {
    private static final String TOKEN = "priming-admin-token-0123456789";

    @Test
    void everyFunctionPrimesItselfAndLeavesNoTrace() throws Exception {
        Path root = Path.of(System.getProperty("berth.root", "..")).toAbsolutePath().normalize();
        LocalSystem system = LocalSystem.create(new LocalOptions(root.resolve("template.yaml"), 0, null, Map.of("BERTH_ADMIN_TOKEN", TOKEN), 0));
        try {
            system.runtime().start();
            String before = Written.by(system);
            List<String> primed = new ArrayList<>();
            for (LocalFunction function : system.runtime().functions().all()) {
                RequestStreamHandler handler = function.newInstance();
                assertTrue(handler instanceof Primed, function.name() + " has no priming");
                Object outcome = ((Primed) handler).prime();
                if (outcome instanceof ApiResponse response) {
                    assertTrue(response.status() < 500, function.name() + " primed with " + response.status()
                            + " " + response.body());
                }
                primed.add(function.name());
            }
            assertTrue(primed.size() > 20, primed.toString());
            assertEquals(before, Written.by(system), "priming wrote something or started an execution");
        } finally {
            system.runtime().stop();
        }
    }
}
