package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.LambdaClient.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 16 writers × 100 rounds of read-ETag-then-PATCH on one instance: every accepted write is
 * reflected (its version is unique and in the audit log), every refused one got 412, none is lost.
 */
class ConcurrentPatchTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 100;

    @Test
    void optimisticConcurrencyLosesNoWrite() throws Exception {
        LambdaClient api = new LambdaClient(TestApi.onDynamoDb()); // the conditional writes of DynamoDB itself
        String id = api.createInstance("Race", "race").body().get("id").asText();
        Set<Long> acceptedVersions = ConcurrentHashMap.newKeySet();
        List<String> acceptedNames = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unexpected = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < ROUNDS; round++) {
                    Response read = api.get("/api/v1/instances/{id}", id);
                    String name = "t" + thread + "-r" + round;
                    Response write = api.patch(id, read.header("ETag"), "{\"name\":\"" + name + "\"}");
                    if (write.status() == 200) {
                        long version = write.body().get("version").asLong();
                        if (!acceptedVersions.add(version) || !write.body().get("name").asText().equals(name)) {
                            unexpected.incrementAndGet();
                        }
                        acceptedNames.add(version + ":" + name);
                    } else if (write.status() == 412 || write.status() == 409 && "transaction_conflict".equals(write.body().get("error").asText())) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        assertEquals(0, unexpected.get(), "every answer is 200 with a fresh version, or a refusal");
        assertEquals(THREADS * ROUNDS, acceptedVersions.size() + refused.get());
        assertTrue(acceptedVersions.size() >= ROUNDS, "at least one writer wins each moment: " + acceptedVersions.size());
        JsonNode finalState = api.get("/api/v1/instances/{id}", id).body();
        long finalVersion = finalState.get("version").asLong();
        assertEquals(1 + acceptedVersions.size(), finalVersion, "each accepted write made exactly one version");
        assertEquals(new TreeSet<>(acceptedVersions).first(), 2L);
        assertEquals(new TreeSet<>(acceptedVersions).last(), finalVersion);
        String lastName = acceptedNames.stream().filter(s -> s.startsWith(finalVersion + ":")).findFirst().orElseThrow();
        assertEquals(lastName.substring(lastName.indexOf(':') + 1), finalState.get("name").asText(), "the last accepted write is what is stored");

        // The audit log holds one entry per accepted write, each from version n-1 to n.
        Set<Long> audited = new TreeSet<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/audit", null, "limit=500&target=" + id + (cursor == null ? "" : "&cursor=" + cursor)).body();
            for (JsonNode entry : page.get("items")) {
                if (entry.get("action").asText().equals("update")) {
                    assertEquals(entry.get("oldVersion").asLong() + 1, entry.get("newVersion").asLong());
                    audited.add(entry.get("newVersion").asLong());
                }
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertEquals(new TreeSet<>(acceptedVersions), audited);
    }
}
