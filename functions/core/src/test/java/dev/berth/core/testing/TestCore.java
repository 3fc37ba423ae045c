package dev.berth.core.testing;

import dev.berth.core.BerthCore;
import dev.berth.core.auth.AdminTokenBootstrap;
import java.util.HashMap;
import java.util.Map;

/** A core wired to a fresh DynamoDB Local table, with a known admin token. */
public final class TestCore {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

    private TestCore() {
    }

    /** The environment a function gets, pointing at a new table. */
    public static Map<String, String> environment() {
        String table = LocalDynamo.newTable();
        AdminTokenBootstrap.install(LocalDynamo.client(), table, ADMIN_TOKEN);
        Map<String, String> env = new HashMap<>();
        env.put("BERTH_TABLE", table);
        env.put("BERTH_DYNAMODB_ENDPOINT", LocalDynamo.endpoint());
        env.put("AWS_REGION", "us-east-1");
        env.put("BERTH_BASE_DOMAIN", "example.com");
        env.put("BERTH_CURSOR_SECRET", "test-cursor-secret-0123456789abcdef");
        return env;
    }

    /** Valid settings for an instance of that name and sub-domain under example.com. */
    public static dev.berth.core.domain.InstanceSettings settings(String name, String subDomain) {
        return new dev.berth.core.domain.InstanceSettings(name, subDomain, "example.com", dev.berth.core.domain.DomainPrefixes.DEFAULT,
                "open-release/sumac.master", "https://github.com/openedx/configuration.git", "master",
                "https://github.com/openedx/edx-platform.git", "master", null, false, null, false);
    }

    /** A core whose executions are recorded, not run. */
    public static BerthCore create() {
        return create(new RecordingWorkflows());
    }

    public static BerthCore create(dev.berth.core.port.Workflows workflows) {
        return BerthCore.create(environment(), dev.berth.core.port.Adapters.NONE.with(dev.berth.core.port.Workflows.class, workflows));
    }
}
