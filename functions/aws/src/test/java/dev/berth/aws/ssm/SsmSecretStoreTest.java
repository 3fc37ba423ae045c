package dev.berth.aws.ssm;

import dev.berth.aws.AwsClients;
import dev.berth.core.port.SecretStore;
import dev.berth.core.repository.SecretStoreContract;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The SSM adapter against {@link SsmStandIn}, SSM's JSON 1.1 protocol as its API reference describes it. */
class SsmSecretStoreTest extends SecretStoreContract {
    private SsmStandIn ssm;

    @Override
    protected SecretStore store() {
        ssm = new SsmStandIn();
        return new SsmSecretStore(AwsClients.ssm(Map.of("BERTH_SSM_ENDPOINT", ssm.endpoint())), "/berth/test/secrets");
    }

    @AfterEach
    void stopStandIn() {
        if (ssm != null) {
            ssm.close();
        }
    }
}
