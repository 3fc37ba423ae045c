package dev.berth.aws.dynamo;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Page;
import dev.berth.core.repository.Services;
import dev.berth.core.services.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Container services ({@code SERVICE#name}), listed by name. */
record DynamoServices(DynamoTable table) implements Services {

    @Override
    public Optional<Service> find(String name) {
        return table.get(key(name)).map(item -> DocumentItems.read(item, Service.class));
    }

    @Override
    public void create(Service service, AuditEntry entry) {
        table.transact(List.of(table.putNew(item(service)), table.audit(entry)),
                (index, current) -> BerthException.conflict("duplicate_name", "A service is already named " + service.name(),
                        Map.of("fields", Map.of("name", "is taken"))));
    }

    @Override
    public void update(Service before, Service after, AuditEntry entry) {
        List<TransactWriteItem> items = new ArrayList<>(List.of(table.putAtVersion(item(after), before.version())));
        if (entry != null) {
            items.add(table.audit(entry));
        }
        table.transact(items, (index, current) -> DynamoTable.staleOrGone("Service", before.name(), current));
    }

    @Override
    public void delete(Service service, AuditEntry entry) {
        table.transact(List.of(table.deleteAtVersion(key(service.name()), service.version()), table.audit(entry)),
                (index, current) -> DynamoTable.staleOrGone("Service", service.name(), current));
    }

    @Override
    public Page<Service> list(int limit, String cursor) {
        return table.page(QueryRequest.builder().indexName(Keys.GSI1).keyConditionExpression("GSI1PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Attrs.s("SERVICES"))).limit(limit), "services", cursor,
                item -> DocumentItems.read(item, Service.class));
    }

    private static Map<String, AttributeValue> key(String name) {
        return Map.of(Keys.PK, Attrs.s("SERVICE#" + name), Keys.SK, Attrs.s("SERVICE"));
    }

    private static Map<String, AttributeValue> item(Service service) {
        return DocumentItems.item(key(service.name()), "service", "SERVICES", service.name(), service, service.version());
    }
}
