package dev.berth.local.template;

/**
 * A {@code Schedule} (EventBridge rule) or {@code ScheduleV2} (EventBridge Scheduler) event of a
 * function or state machine. {@code input} is the raw template value (a JSON string, possibly
 * with intrinsics) or null.
 */
public record ScheduleEvent(String eventName, String type, String expression, Object input, boolean enabled) {
}
