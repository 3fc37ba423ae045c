package dev.berth.aws.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.auth.TokenFormat;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.testing.TestCore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoTokenStorageTest {

    @Test
    void theTableHoldsOnlyTheHashOfATokensSecret() {
        String table = LocalDynamo.newTable();
        BerthCore core = TestCore.create(LocalDynamo.repositories(table), new RecordingWorkflows());
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        var created = core.tokens().create(admin, "ci", Role.VIEWER);
        Map<String, AttributeValue> item = LocalDynamo.client().getItem(g -> g.tableName(table)
                .key(Map.of("PK", AttributeValue.fromS("TOKEN#" + created.token().id()), "SK", AttributeValue.fromS("TOKEN")))).item();
        assertFalse(item.toString().contains(created.secret().substring(17)), "the secret is not stored");
        assertEquals(TokenFormat.hash(created.secret()), item.get("hash").s());
    }
}
