package dev.berth.local.template;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::StateMachine}. {@code definitionFile} is its DefinitionUri resolved
 * against the template's folder; {@code definitionSubstitutions} holds raw template values: resolve
 * them with {@link CloudFormationIntrinsics#definitionSubstitutionsOf(StateMachineResource)} (function ARNs become
 * local ARNs that {@code dev.berth.local.lambda.LocalFunctions} resolves back to handlers).
 */
public record StateMachineResource(
        String logicalId,
        String type,
        Path definitionFile,
        Map<String, Object> definitionSubstitutions,
        List<ScheduleEvent> scheduleEvents) {
}
