package dev.berth.core;

import dev.berth.core.auth.Authenticator;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.domain.InstanceRules;
import dev.berth.core.service.InstanceService;
import dev.berth.core.service.TokenService;
import dev.berth.core.store.AppServerStore;
import dev.berth.core.store.AuditLog;
import dev.berth.core.store.Cursors;
import dev.berth.core.store.DynamoClients;
import dev.berth.core.store.InstanceStore;
import dev.berth.core.store.TokenStore;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The wiring of the core, in one place and with plain constructors (no DI container: cold start).
 * A function builds one at init and keeps it while warm.
 */
public final class BerthCore {
    private final BerthConfig config;
    private final DynamoDbClient dynamo;
    private final AuditLog auditLog;
    private final InstanceStore instanceStore;
    private final AppServerStore appServerStore;
    private final TokenStore tokenStore;
    private final Authenticator authenticator;
    private final InstanceService instances;
    private final TokenService tokens;

    public BerthCore(BerthConfig config, DynamoDbClient dynamo, Clock clock) {
        this.config = config;
        this.dynamo = dynamo;
        Cursors cursors = new Cursors(config.cursorSecret());
        String table = config.tableName();
        this.auditLog = new AuditLog(dynamo, table, cursors);
        this.instanceStore = new InstanceStore(dynamo, table, auditLog, cursors);
        this.appServerStore = new AppServerStore(dynamo, table, auditLog, cursors);
        this.tokenStore = new TokenStore(dynamo, table, auditLog, cursors);
        this.authenticator = new Authenticator(tokenStore, clock);
        this.instances = new InstanceService(instanceStore, appServerStore,
                new InstanceRules(config.subDomainBlacklist(), config.extraSettingsMaxBytes()), clock);
        this.tokens = new TokenService(tokenStore, authenticator, clock);
    }

    public static BerthCore fromEnvironment(Map<String, String> env) {
        BerthConfig config = BerthConfig.fromEnvironment(env);
        return new BerthCore(config, DynamoClients.create(config), Clock.systemUTC());
    }

    public BerthConfig config() {
        return config;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public InstanceStore instanceStore() {
        return instanceStore;
    }

    public AppServerStore appServerStore() {
        return appServerStore;
    }

    public TokenStore tokenStore() {
        return tokenStore;
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public InstanceService instances() {
        return instances;
    }

    public TokenService tokens() {
        return tokens;
    }
}
