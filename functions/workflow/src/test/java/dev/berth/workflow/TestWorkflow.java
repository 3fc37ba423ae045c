package dev.berth.workflow;

import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.testing.TestCore;
import java.util.Map;
import java.util.function.Supplier;

/** Workflow roots for tests: in-memory repositories, recorded executions, the cloud a test hands in. */
public final class TestWorkflow {
    private TestWorkflow() {
    }

    private static <T> Supplier<T> none(String what) {
        return () -> {
            throw new IllegalStateException("this test gave no " + what);
        };
    }

    public static WorkflowRoot root(Map<String, String> env, Repositories repositories, Workflows workflows,
                                    Supplier<ComputeProvider> compute, Supplier<GitHub> github) {
        return new WorkflowRoot(env, new WorkflowRoot.Adapters(repositories, workflows, compute, none("remote shell"),
                none("load balancer"), none("DNS"), github, dev.berth.core.testing.memory.InMemorySecretStore::new,
                bucket -> new dev.berth.core.testing.memory.InMemoryObjectStorage(), java.util.List::of, secrets -> {
                    throw new IllegalStateException("this test gave no certificate authority");
                }));
    }

    public static WorkflowRoot root(Repositories repositories, Workflows workflows) {
        return root(TestCore.environment("in-memory"), repositories, workflows, none("compute provider"), none("GitHub"));
    }
}
