package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.port.workflow.ExecutionHistory;
import java.io.IOException;

/** A state machine execution's history as JSON; event details are embedded as JSON when they are. */
public final class ExecutionJson {
    private ExecutionJson() {
    }

    public static ObjectNode of(String appServerId, String stateMachine, ExecutionHistory history) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("appServerId", appServerId);
        body.put("stateMachine", stateMachine);
        body.put("executionName", history.executionName());
        body.put("status", history.status());
        body.put("startedAt", history.startedAt() == null ? null : history.startedAt().toString());
        body.put("stoppedAt", history.stoppedAt() == null ? null : history.stoppedAt().toString());
        ArrayNode events = body.putArray("events");
        for (ExecutionHistory.Event event : history.events()) {
            ObjectNode node = events.addObject();
            node.put("id", event.id());
            node.put("type", event.type());
            if (event.state() != null) {
                node.put("state", event.state());
            }
            node.put("at", event.at().toString());
            if (event.detail() != null) {
                try {
                    node.set("detail", Json.MAPPER.readTree(event.detail()));
                } catch (IOException e) {
                    node.put("detail", event.detail());
                }
            }
        }
        return body;
    }
}
