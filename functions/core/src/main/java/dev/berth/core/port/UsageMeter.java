package dev.berth.core.port;

import dev.berth.core.cost.Usage;
import java.util.Optional;

/**
 * What a state machine execution used, with its task functions' Lambda time and (where recorded)
 * their DynamoDB capacity: from Step Functions' history on AWS ({@code HistoryUsageMeter}), from
 * the local runtime's records on a laptop.
 */
public interface UsageMeter {
    Optional<Usage> ofExecution(String stateMachine, String executionName);
}
