package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ActiveSets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The active set change as one TransactWriteItems over the app servers, the instance and the audit entries. */
record DynamoActiveSets(DynamoTable table) implements ActiveSets {

    @Override
    public void write(Instance before, Instance after, List<Change> servers, List<AuditEntry> entries) {
        // The app servers come first: the one the caller named is the first whose stale version is reported (412).
        List<TransactWriteItem> items = new ArrayList<>();
        for (Change change : servers) {
            items.add(table.putAtVersion(DynamoAppServers.toItem(change.after()), change.before().version()));
        }
        items.add(table.putAtVersion(DynamoInstances.toItem(after), before.version()));
        entries.forEach(entry -> items.add(table.audit(entry)));
        table.transact(items, (index, current) -> {
            if (index < servers.size()) {
                return DynamoTable.staleOrGone("App server", servers.get(index).before().id(), current);
            }
            return BerthException.conflict("instance_changed", "Instance " + before.id()
                    + " changed while its active app servers were being changed; read it again and retry", Map.of());
        });
    }
}
