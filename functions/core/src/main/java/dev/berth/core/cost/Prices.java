package dev.berth.core.cost;

/**
 * AWS's public on-demand prices in us-east-1 (x86 Lambda, Step Functions Standard, DynamoDB
 * on-demand, API Gateway HTTP API), as their pricing pages gave them on 2026-11-29, without free
 * tiers: https://aws.amazon.com/lambda/pricing/, https://aws.amazon.com/step-functions/pricing/,
 * https://aws.amazon.com/dynamodb/pricing/on-demand/, https://aws.amazon.com/api-gateway/pricing/.
 * EventBridge schedules (SAM {@code Type: Schedule} rules) are not charged.
 */
public record Prices(double perStateTransition, double perLambdaRequest, double perLambdaGbSecond, double perReadUnit, double perWriteUnit,
                     double perApiRequest) {
    public static final Prices US_EAST_1 = new Prices(
            0.025 / 1_000,          // Step Functions Standard: $0.025 per 1,000 state transitions
            0.20 / 1_000_000,       // Lambda: $0.20 per 1M requests
            0.0000166667,           // Lambda x86: per GB-second
            0.125 / 1_000_000,      // DynamoDB on-demand: $0.125 per 1M read request units
            0.625 / 1_000_000,      // DynamoDB on-demand: $0.625 per 1M write request units
            1.00 / 1_000_000);      // API Gateway HTTP API: $1.00 per 1M requests (first 300M a month)

    /** The dollars {@code usage} costs, by service. */
    public Cost cost(Usage usage) {
        return new Cost(usage.stateTransitions() * perStateTransition,
                usage.lambdaInvocations() * perLambdaRequest + usage.lambdaGbSeconds() * perLambdaGbSecond,
                usage.readUnits() * perReadUnit + usage.writeUnits() * perWriteUnit,
                usage.apiRequests() * perApiRequest);
    }

    /** Dollars by service. */
    public record Cost(double stepFunctions, double lambda, double dynamoDb, double apiGateway) {
        public double total() {
            return stepFunctions + lambda + dynamoDb + apiGateway;
        }
    }
}
