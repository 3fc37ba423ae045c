package dev.berth.core.cost;

/**
 * What the control plane used for something (a launch, an API call, a month of schedules): the
 * quantities AWS bills it by. {@code capacityMeasured} is false where DynamoDB's consumed capacity
 * was not recorded (on AWS the execution history does not hold it; the local runtime records it).
 */
public record Usage(long stateTransitions, long lambdaInvocations, double lambdaGbSeconds, double readUnits, double writeUnits,
                    long apiRequests, boolean capacityMeasured) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, true);

    public Usage plus(Usage other) {
        return new Usage(stateTransitions + other.stateTransitions, lambdaInvocations + other.lambdaInvocations,
                lambdaGbSeconds + other.lambdaGbSeconds, readUnits + other.readUnits, writeUnits + other.writeUnits,
                apiRequests + other.apiRequests, capacityMeasured && other.capacityMeasured);
    }

    public Usage minus(Usage other) {
        return new Usage(stateTransitions - other.stateTransitions, lambdaInvocations - other.lambdaInvocations,
                lambdaGbSeconds - other.lambdaGbSeconds, readUnits - other.readUnits, writeUnits - other.writeUnits,
                apiRequests - other.apiRequests, capacityMeasured && other.capacityMeasured);
    }

    public Usage times(double factor) {
        return new Usage(Math.round(stateTransitions * factor), Math.round(lambdaInvocations * factor), lambdaGbSeconds * factor,
                readUnits * factor, writeUnits * factor, Math.round(apiRequests * factor), capacityMeasured);
    }
}
