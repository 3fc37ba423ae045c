package dev.berth.aws.s3;

import dev.berth.aws.AwsClients;
import dev.berth.core.port.ObjectStorage;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.paginators.ListObjectsV2Iterable;

/** A bucket as {@link ObjectStorage}: objects server-side encrypted, deletes in batches of a thousand (S3's limit). */
public final class S3ObjectStorage implements ObjectStorage {
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;

    public S3ObjectStorage(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** The backup bucket a function's environment names ({@code BERTH_BACKUP_BUCKET}). */
    public static S3ObjectStorage fromEnvironment(Map<String, String> env) {
        return new S3ObjectStorage(AwsClients.s3(env), dev.berth.core.config.BerthConfig.backupBucket(env));
    }

    @Override
    public void put(String key, InputStream content, long length) {
        s3.putObject(p -> p.bucket(bucket).key(key).serverSideEncryption("AES256"), RequestBody.fromInputStream(content, length));
    }

    @Override
    public Optional<InputStream> get(String key) {
        try {
            return Optional.of(s3.getObject(g -> g.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        ListObjectsV2Iterable pages = s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix));
        for (S3Object object : pages.contents()) {
            objects.add(new StoredObject(object.key(), object.size()));
        }
        return objects;
    }

    @Override
    public void deleteAll(String prefix) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (StoredObject object : list(prefix)) {
            batch.add(ObjectIdentifier.builder().key(object.key()).build());
            if (batch.size() == DELETE_BATCH) {
                delete(batch);
            }
        }
        delete(batch);
    }

    private void delete(List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            List<ObjectIdentifier> keys = List.copyOf(batch);
            s3.deleteObjects(d -> d.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
            batch.clear();
        }
    }
}
