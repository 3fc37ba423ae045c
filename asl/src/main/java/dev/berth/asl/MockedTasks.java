package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Task results from a mock configuration in Step Functions Local's {@code MockConfigFile.json}
 * format: a test case maps Task state names to mocked responses; a response gives, per call
 * index or range ({@code "0"}, {@code "1-2"}), a {@code Return} value or a {@code Throw}.
 */
public final class MockedTasks implements TaskInvoker {
    private final Map<String, JsonNode> responseByState = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();

    public MockedTasks(JsonNode mockConfig, String stateMachine, String testCase) {
        JsonNode cases = mockConfig.path("StateMachines").path(stateMachine).path("TestCases");
        if (cases.isMissingNode()) {
            throw new IllegalArgumentException("The mock configuration has no state machine " + stateMachine);
        }
        JsonNode mapping = cases.get(testCase);
        if (mapping == null) {
            throw new IllegalArgumentException("State machine " + stateMachine + " has no test case " + testCase);
        }
        Iterator<Map.Entry<String, JsonNode>> it = mapping.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode response = mockConfig.path("MockedResponses").get(entry.getValue().asText());
            if (response == null) {
                throw new IllegalArgumentException("Test case " + testCase + " names the mocked response " + entry.getValue().asText()
                        + ", which MockedResponses does not have");
            }
            responseByState.put(entry.getKey(), response);
        }
    }

    @Override
    public synchronized JsonNode invoke(String stateName, String resource, JsonNode input) throws TaskFailure {
        JsonNode response = responseByState.get(stateName);
        if (response == null) {
            throw new TaskFailure("States.Runtime", "The test case does not mock the Task state " + stateName);
        }
        int call = calls.merge(stateName, 1, Integer::sum) - 1;
        Iterator<Map.Entry<String, JsonNode>> it = response.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            String[] range = entry.getKey().split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            if (call >= from && call <= to) {
                JsonNode answer = entry.getValue();
                if (answer.has("Throw")) {
                    throw new TaskFailure(answer.get("Throw").path("Error").asText(), answer.get("Throw").path("Cause").asText(null));
                }
                return answer.path("Return");
            }
        }
        throw new TaskFailure("States.Runtime", "No mocked response for call " + call + " of " + stateName);
    }
}
