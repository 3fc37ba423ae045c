package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.ObjectStorage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every object storage keeps bytes by key, lists a prefix in key order with sizes, and deletes a prefix, past a page. */
public abstract class ObjectStorageContract {

    protected abstract ObjectStorage storage();

    @Test
    public void objectsAreKeptReplacedListedByPrefixAndDeleted() throws IOException {
        ObjectStorage storage = storage();
        byte[] dump = new byte[70_000];
        new Random(19).nextBytes(dump);
        put(storage, "backups/site-1/2026-11-29T10.sql.gz", new byte[] {1, 2, 3});
        put(storage, "backups/site-1/2026-11-29T10.sql.gz", dump);
        put(storage, "backups/site-1/2026-11-28T10.sql.gz", new byte[0]);
        put(storage, "backups/site-10/2026-11-29T10.sql.gz", new byte[] {9});

        try (InputStream in = storage.get("backups/site-1/2026-11-29T10.sql.gz").orElseThrow()) {
            assertArrayEquals(dump, in.readAllBytes(), "a put replaces the object, bytes intact");
        }
        assertTrue(storage.get("backups/site-1/none.sql.gz").isEmpty());
        assertEquals(List.of(new StoredObject("backups/site-1/2026-11-28T10.sql.gz", 0), new StoredObject("backups/site-1/2026-11-29T10.sql.gz", dump.length)),
                storage.list("backups/site-1/"));

        storage.deleteAll("backups/site-1/");
        storage.deleteAll("backups/site-1/");
        assertEquals(List.of(), storage.list("backups/site-1/"));
        assertEquals(List.of(new StoredObject("backups/site-10/2026-11-29T10.sql.gz", 1)), storage.list("backups/"), "other prefixes are kept");
    }

    /** More objects than one page of a listing or one batch of a delete (S3: 1,000 each). */
    @Test
    public void listingAndDeletingGoPastAPage() {
        ObjectStorage storage = storage();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_005; i++) {
            keys.add("reports/%04d.json".formatted(i));
            put(storage, keys.get(i), new byte[] {(byte) i});
        }
        assertEquals(keys, storage.list("reports/").stream().map(StoredObject::key).toList());
        storage.deleteAll("reports/");
        assertEquals(List.of(), storage.list("reports/"));
    }

    private static void put(ObjectStorage storage, String key, byte[] bytes) {
        storage.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }
}
