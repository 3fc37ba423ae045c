package dev.berth.local.template;

import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::Serverless::Function}. {@code environment} holds the raw template values (globals
 * merged under the function's own), still containing intrinsics: resolve them with
 * {@link CloudFormationIntrinsics#environmentOf(FunctionResource)}.
 */
public record FunctionResource(
        String logicalId,
        String handlerClass,
        String handlerMethod,
        Map<String, Object> environment,
        List<HttpApiEvent> httpApiEvents,
        List<ScheduleEvent> scheduleEvents,
        int timeoutSeconds,
        int memorySizeMb) {
}
