package dev.berth.local.testing;

import dev.berth.local.LocalSystem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What a local system has written: a digest of every item of its tables and the number of executions (two calls differ if anything was written). */
public final class Written {
    private Written() {
    }

    public static String by(LocalSystem system) {
        DynamoDbClient dynamo = system.runtime().dynamoDb().client();
        TreeSet<String> items = new TreeSet<>();
        for (String table : dynamo.listTables().tableNames()) {
            dynamo.scanPaginator(s -> s.tableName(table).consistentRead(true)).items()
                    .forEach((Map<String, AttributeValue> item) -> items.add(new java.util.TreeMap<>(item).toString()));
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join("\n", items).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest) + " executions=" + system.stateMachines().executions().size();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
