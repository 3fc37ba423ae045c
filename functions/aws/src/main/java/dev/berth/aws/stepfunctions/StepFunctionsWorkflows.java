package dev.berth.aws.stepfunctions;

import dev.berth.core.port.Workflows;
import dev.berth.core.port.workflow.ExecutionHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** {@link Workflows} on AWS Step Functions: state machine names map to ARNs given by the template. */
public final class StepFunctionsWorkflows implements Workflows {
    private final SfnClient sfn;
    private final Map<String, String> stateMachineArns;

    public StepFunctionsWorkflows(SfnClient sfn, Map<String, String> stateMachineArns) {
        this.sfn = sfn;
        this.stateMachineArns = Map.copyOf(stateMachineArns);
    }

    /**
     * The workflow engine of a function whose template entry sets {@code BERTH_STATE_MACHINES=Name=arn,...}
     * (only the functions that start executions have it); none for the others.
     */
    public static Optional<Workflows> fromEnvironment(Map<String, String> env) {
        String spec = env.getOrDefault("BERTH_STATE_MACHINES", "");
        if (spec.isBlank()) {
            return Optional.empty();
        }
        Map<String, String> arns = new java.util.LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length == 2) {
                arns.put(parts[0].trim(), parts[1].trim());
            }
        }
        return Optional.of(new StepFunctionsWorkflows(dev.berth.aws.AwsClients.stepFunctions(env), arns));
    }

    @Override
    public boolean start(String stateMachine, String executionName, String inputJson) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(arn(stateMachine)).name(executionName).input(inputJson));
            return true;
        } catch (ExecutionAlreadyExistsException e) {
            return false;
        }
    }

    @Override
    public Optional<String> status(String stateMachine, String executionName) {
        String executionArn = arn(stateMachine).replace(":stateMachine:", ":execution:") + ":" + executionName;
        try {
            return Optional.of(sfn.describeExecution(r -> r.executionArn(executionArn)).statusAsString());
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ExecutionHistory> history(String stateMachine, String executionName) {
        String machineArn = arn(stateMachine);
        // arn:aws:states:region:account:stateMachine:name -> ...:execution:name:executionName
        String executionArn = machineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
        try {
            var description = sfn.describeExecution(r -> r.executionArn(executionArn));
            List<ExecutionHistory.Event> events = new ArrayList<>();
            String token = null;
            do {
                String next = token;
                GetExecutionHistoryResponse page = sfn.getExecutionHistory(r -> r.executionArn(executionArn).maxResults(1000).nextToken(next));
                for (HistoryEvent e : page.events()) {
                    events.add(new ExecutionHistory.Event(e.id(), e.typeAsString(), stateName(e), e.timestamp(), detail(e)));
                }
                token = page.nextToken();
            } while (token != null);
            return Optional.of(new ExecutionHistory(executionName, description.statusAsString(), description.startDate(),
                    description.stopDate(), events));
        } catch (ExecutionDoesNotExistException e) {
            return Optional.empty();
        }
    }

    private String arn(String stateMachine) {
        String arn = stateMachineArns.get(stateMachine);
        if (arn == null) {
            throw new IllegalStateException("No ARN configured for state machine " + stateMachine + " (BERTH_STATE_MACHINES)");
        }
        return arn;
    }

    private static String stateName(HistoryEvent e) {
        if (e.stateEnteredEventDetails() != null) {
            return e.stateEnteredEventDetails().name();
        }
        return e.stateExitedEventDetails() != null ? e.stateExitedEventDetails().name() : null;
    }

    private static String detail(HistoryEvent e) {
        if (e.stateEnteredEventDetails() != null) {
            return e.stateEnteredEventDetails().input();
        }
        if (e.stateExitedEventDetails() != null) {
            return e.stateExitedEventDetails().output();
        }
        if (e.taskFailedEventDetails() != null) {
            return "{\"error\":" + quote(e.taskFailedEventDetails().error()) + ",\"cause\":" + quote(e.taskFailedEventDetails().cause()) + "}";
        }
        if (e.executionFailedEventDetails() != null) {
            return "{\"error\":" + quote(e.executionFailedEventDetails().error()) + ",\"cause\":" + quote(e.executionFailedEventDetails().cause()) + "}";
        }
        return null;
    }

    private static String quote(String text) {
        return text == null ? "null" : com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
