package dev.berth.local.auth;

import dev.berth.aws.dynamo.DynamoRepositories;
import dev.berth.core.auth.AdminTokenBootstrap;
import dev.berth.core.repository.Cursors;
import dev.berth.core.auth.TokenFormat;
import dev.berth.local.Component;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local runtime's admin token: {@code BERTH_ADMIN_TOKEN} if set, otherwise a new one made at
 * each start (shown once in the banner). The core stores only its hash, as for any token.
 */
public final class AdminToken implements Component {
    /** Installing a token lists nothing: its cursors are never signed. */
    private static final Cursors NO_LISTS = new Cursors(new byte[32]);
    private final Supplier<DynamoDbClient> client;
    private final String tableName;
    private final String token;
    private final boolean generated;

    /** @param configured the BERTH_ADMIN_TOKEN value, or null/blank to generate one */
    public AdminToken(Supplier<DynamoDbClient> client, String tableName, String configured) {
        this.client = client;
        this.tableName = tableName;
        this.generated = configured == null || configured.isBlank();
        this.token = generated ? TokenFormat.generate().token() : configured;
    }

    public String token() {
        return token;
    }

    /** True when the runtime made the token (so the banner must show it). */
    public boolean generated() {
        return generated;
    }

    @Override
    public String name() {
        return "admin token";
    }

    @Override
    public void start() {
        AdminTokenBootstrap.install(DynamoRepositories.create(client.get(), tableName, NO_LISTS).tokens(), token);
    }

    @Override
    public void stop() {
        // Nothing to release; the token stays valid in a kept data folder.
    }
}
