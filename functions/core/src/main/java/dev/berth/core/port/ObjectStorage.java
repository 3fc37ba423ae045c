package dev.berth.core.port;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Where backups are kept: an S3 bucket on AWS, a folder on a laptop. Keys are {@code /}-separated paths. */
public interface ObjectStorage {

    record StoredObject(String key, long size) {
    }

    /** Streams {@code length} bytes of {@code content} to {@code key}, replacing what was there. */
    void put(String key, InputStream content, long length);

    Optional<InputStream> get(String key);

    /** Every object under a prefix, by key. */
    List<StoredObject> list(String prefix);

    /** Deletes every object under a prefix; deleting nothing is fine. */
    void deleteAll(String prefix);
}
