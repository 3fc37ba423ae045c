package dev.berth.local;

import dev.berth.local.lambda.LocalFunction;
import dev.berth.local.template.FunctionResource;
import dev.berth.local.template.ScheduleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The template's EventBridge schedules, run locally: each {@code rate(...)} schedule invokes its
 * function with the event's Input, as EventBridge would. (cron expressions are reported and not
 * run: the jobs they start can be run now with {@code POST /api/v1/jobs/{name}/run}.)
 */
public final class LocalSchedules implements Component {
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+)\\s+(minute|minutes|hour|hours|day|days)\\)");
    private final LocalRuntime runtime;
    private final List<String> skipped = new ArrayList<>();
    private ScheduledExecutorService timer;

    private LocalSchedules(LocalRuntime runtime) {
        this.runtime = runtime;
    }

    public static LocalSchedules install(LocalRuntime runtime) {
        LocalSchedules schedules = new LocalSchedules(runtime);
        runtime.add(schedules);
        return schedules;
    }

    static Duration period(String expression) {
        Matcher m = RATE.matcher(expression.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "minute", "minutes" -> Duration.ofMinutes(n);
            case "hour", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    @Override
    public String name() {
        return "schedules";
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "berth-schedules");
            t.setDaemon(true);
            return t;
        });
        for (FunctionResource function : runtime.template().functions().values()) {
            for (ScheduleEvent event : function.scheduleEvents()) {
                Duration period = period(event.expression());
                if (!event.enabled() || period == null) {
                    skipped.add(function.logicalId() + "." + event.eventName() + " (" + event.expression() + ")");
                    continue;
                }
                String input = event.input() == null ? "{}" : runtime.intrinsics().resolve(event.input(), function.logicalId() + "." + event.eventName());
                LocalFunction target = runtime.functions().get(function.logicalId());
                timer.scheduleAtFixedRate(() -> {
                    try {
                        target.invoke(input.getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString());
                    } catch (Exception e) {
                        System.err.println("schedule " + function.logicalId() + "." + event.eventName() + " failed: " + e.getMessage());
                    }
                }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (!skipped.isEmpty()) {
            System.err.println("berth local: schedules not run locally: " + skipped);
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
