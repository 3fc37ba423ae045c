package dev.berth.api.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.cost.CostService;
import dev.berth.core.cost.Usage;
import dev.berth.core.json.JsonTrees;

/** A launch's cost as api.md shows it: what its execution used, and that in dollars at AWS's prices. */
public final class CostJson {
    private CostJson() {
    }

    public static ObjectNode of(CostService.LaunchCost cost) {
        ObjectNode node = JsonTrees.object();
        node.put("appServerId", cost.appServer().id());
        node.put("stateMachine", dev.berth.core.service.AppServerService.LAUNCH_STATE_MACHINE);
        Usage u = cost.usage();
        ObjectNode used = node.putObject("usage");
        used.put("stateTransitions", u.stateTransitions());
        used.put("lambdaInvocations", u.lambdaInvocations());
        used.put("lambdaGbSeconds", round(u.lambdaGbSeconds()));
        if (u.capacityMeasured()) {
            used.put("dynamoDbReadUnits", round(u.readUnits()));
            used.put("dynamoDbWriteUnits", round(u.writeUnits()));
        }
        ObjectNode dollars = node.putObject("dollars");
        dollars.put("stepFunctions", round(cost.dollars().stepFunctions()));
        dollars.put("lambda", round(cost.dollars().lambda()));
        dollars.put("dynamoDb", round(cost.dollars().dynamoDb()));
        dollars.put("total", round(cost.dollars().total()));
        node.put("excludes", u.capacityMeasured() ? "the VM" : "the VM, and DynamoDB (its capacity is not in the execution's history)");
        node.put("prices", "us-east-1 on-demand, without free tiers");
        return node;
    }

    private static double round(double value) {
        return Math.round(value * 1e8) / 1e8;
    }
}
