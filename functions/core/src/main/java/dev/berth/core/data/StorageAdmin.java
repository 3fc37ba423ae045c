package dev.berth.core.data;

import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.ObjectStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The storage kind: an instance gets a prefix in the server's bucket, marked when made and
 * emptied by a purge. Its backup is the listing of the prefix (keys and sizes): the objects stay
 * in the bucket, whose own versioning and replication protect them.
 */
public final class StorageAdmin implements DataServerAdmin {
    static final String MARKER = ".berth-instance";

    private final Function<DataServer, ObjectStorage> buckets;

    public StorageAdmin(Function<DataServer, ObjectStorage> buckets) {
        this.buckets = buckets;
    }

    @Override
    public void ensure(DataServer server, String adminPassword, DataPlacement placement, String password) {
        ObjectStorage bucket = buckets.apply(server);
        String marker = prefix(placement) + MARKER;
        if (bucket.list(marker).isEmpty()) {
            bucket.put(marker, new ByteArrayInputStream(new byte[0]), 0);
        }
    }

    @Override
    public void dropUser(DataServer server, String adminPassword, DataPlacement placement, String user) {
        // the instance reaches its prefix with the app server's role, not a user of its own
    }

    @Override
    public void drop(DataServer server, String adminPassword, DataPlacement placement) {
        buckets.apply(server).deleteAll(prefix(placement));
    }

    @Override
    public void dump(DataServer server, String adminPassword, DataPlacement placement, OutputStream out) {
        try {
            for (ObjectStorage.StoredObject object : buckets.apply(server).list(prefix(placement))) {
                out.write((object.key() + "\t" + object.size() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void restore(DataServer server, String adminPassword, DataPlacement placement, InputStream in) {
        // a listing: the objects themselves never left the bucket
    }

    private static String prefix(DataPlacement placement) {
        return placement.databases().get(0);
    }
}
