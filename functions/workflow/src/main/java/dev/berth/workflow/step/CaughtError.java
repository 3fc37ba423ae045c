package dev.berth.workflow.step;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a Catch puts at its ResultPath: the error's name and cause, as Step Functions writes them. */
public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
}
