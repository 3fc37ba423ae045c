package dev.berth.core.auth;

import dev.berth.core.store.Cursors;
import dev.berth.core.store.TokenStore;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The first admin token, which creates all others: the local runtime installs BERTH_ADMIN_TOKEN
 * (or one it generated) at start; on AWS, {@code ./berth admin-token} does the same once.
 */
public final class AdminTokenBootstrap {
    private AdminTokenBootstrap() {
    }

    /** Stores (or replaces) the hash of {@code rawToken} as an admin token named "bootstrap admin". */
    public static void install(DynamoDbClient client, String tableName, String rawToken) {
        if (rawToken == null || rawToken.length() < 16) {
            throw new IllegalArgumentException("The admin token must be at least 16 characters long");
        }
        TokenStore tokens = new TokenStore(client, tableName, null, new Cursors(new byte[32]));
        tokens.put(new ApiToken(TokenFormat.idOf(rawToken), "bootstrap admin", Role.ADMIN, TokenFormat.hash(rawToken),
                "berth", Instant.now(), 1));
    }

}
