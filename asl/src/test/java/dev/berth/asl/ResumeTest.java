package dev.berth.asl;

import static dev.berth.asl.Asl.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Executions that outlive their process: a snapshot before each top-level state, and resumption from the last one. */
class ResumeTest {
    private static final String MACHINE = """
            {"StartAt": "First", "States": {
              "First": {"Type": "Task", "Resource": "${Fn}", "ResultPath": "$.first", "Next": "Second"},
              "Second": {"Type": "Task", "Resource": "${Fn}", "ResultPath": "$.second", "End": true}}}""";

    @Test
    void aStoppedExecutionGoesOnFromTheStateItWasIn() throws Exception {
        AslStateMachine machine = AslStateMachine.parse("M", MACHINE, Map.of("Fn", "arn:local:fn"));
        List<ExecutionSnapshot> snapshots = new CopyOnWriteArrayList<>();
        List<String> invoked = new CopyOnWriteArrayList<>();
        CountDownLatch inSecond = new CountDownLatch(1);
        AslExecution first = machine.newExecution("e1", json("{\"n\": 1}"), (state, resource, input) -> {
            invoked.add(state);
            if (state.equals("Second")) {
                inSecond.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // As an invocation cut short by the process stopping fails.
                    throw new TaskFailure("Lambda.Interrupted", "the process is stopping");
                }
            }
            return json("\"" + state + " done\"");
        }, 0, snapshots::add);
        Thread runner = new Thread(first);
        runner.start();
        assertTrue(inSecond.await(10, TimeUnit.SECONDS));
        first.stop();
        runner.interrupt();
        assertTrue(first.await(Duration.ofSeconds(10)));

        ExecutionSnapshot last = snapshots.get(snapshots.size() - 1);
        assertEquals(AslExecution.Status.RUNNING, last.status(), "a stop is not an end: no final snapshot");
        assertEquals("Second", last.nextState());
        assertEquals("First done", last.data().get("first").asText());

        List<ExecutionSnapshot> later = new CopyOnWriteArrayList<>();
        AslExecution resumed = machine.resume(last, (state, resource, input) -> {
            invoked.add(state);
            return json("\"" + state + " again\"");
        }, 0, later::add);
        resumed.run();
        assertEquals(AslExecution.Status.SUCCEEDED, resumed.status());
        JsonNode output = resumed.output();
        assertEquals("First done", output.get("first").asText(), "the first state's result is kept, not redone");
        assertEquals("Second again", output.get("second").asText());
        assertEquals(List.of("First", "Second", "Second"), invoked);
        assertEquals(1, resumed.history().stream().filter(e -> e.type().equals("ExecutionStarted")).count());
        assertEquals(AslExecution.Status.SUCCEEDED, later.get(later.size() - 1).status(), "its end is kept");
        assertEquals(resumed.startedAt(), last.startedAt());

        AslExecution reported = machine.resume(later.get(later.size() - 1), Asl.NO_TASKS, 0, s -> { });
        reported.run();
        assertEquals(AslExecution.Status.SUCCEEDED, reported.status(), "a finished one only reports what it did");
        assertEquals(output, reported.output());
    }
}
