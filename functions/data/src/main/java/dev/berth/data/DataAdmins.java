package dev.berth.data;

import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.StorageAdmin;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.ObjectStorage;
import dev.berth.data.mongodb.MongoAdmin;
import dev.berth.data.mysql.MySqlAdmin;
import dev.berth.data.postgresql.PostgresAdmin;
import dev.berth.data.rabbitmq.RabbitMqAdmin;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The admin adapter of every kind; storage servers are reached through the deployment's object storage for their bucket. */
public final class DataAdmins {
    private DataAdmins() {
    }

    public static Function<DataKind, DataServerAdmin> create(Function<DataServer, ObjectStorage> buckets) {
        Map<DataKind, DataServerAdmin> admins = new EnumMap<>(DataKind.class);
        admins.put(DataKind.MYSQL, new MySqlAdmin());
        admins.put(DataKind.POSTGRESQL, new PostgresAdmin());
        admins.put(DataKind.MONGODB, new MongoAdmin());
        admins.put(DataKind.RABBITMQ, new RabbitMqAdmin());
        admins.put(DataKind.STORAGE, new StorageAdmin(buckets));
        return admins::get;
    }
}
