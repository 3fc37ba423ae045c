package dev.berth.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs a Task state's resource (a function ARN after definition substitution) on its input. */
@FunctionalInterface
public interface TaskInvoker {
    JsonNode invoke(String stateName, String resource, JsonNode input) throws TaskFailure;
}
