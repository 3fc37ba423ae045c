package dev.berth.aws.s3;

import dev.berth.core.port.ObjectStorage;
import dev.berth.core.repository.ObjectStorageContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The S3 adapter against {@link S3StandIn}: S3's REST API as its reference describes it, path-style. */
class S3ObjectStorageTest extends ObjectStorageContract {
    private S3StandIn s3;

    @Override
    protected ObjectStorage storage() {
        s3 = new S3StandIn("berth-backups");
        return S3ObjectStorage.fromEnvironment(Map.of("BERTH_S3_ENDPOINT", s3.endpoint(), "BERTH_BACKUP_BUCKET", "berth-backups"));
    }

    @AfterEach
    void stopStandIn() {
        if (s3 != null) {
            s3.close();
        }
    }
}
