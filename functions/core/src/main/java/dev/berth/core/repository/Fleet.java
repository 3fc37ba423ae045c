package dev.berth.core.repository;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** Walks every instance and its app servers, page by page through the indexes (never a table Scan). */
public final class Fleet {
    private static final int PAGE = 100;
    private final Instances instances;
    private final AppServers appServers;

    public Fleet(Instances instances, AppServers appServers) {
        this.instances = instances;
        this.appServers = appServers;
    }

    /** Calls {@code visit} with each instance and its app servers, newest first; returns how many app servers it saw. */
    public int forEachInstance(BiConsumer<Instance, List<AppServer>> visit) {
        int seen = 0;
        for (InstanceStatus status : InstanceStatus.values()) {
            String cursor = null;
            do {
                Page<Instance> page = instances.list(status, null, PAGE, cursor);
                for (Instance instance : page.items()) {
                    List<AppServer> servers = new ArrayList<>();
                    String serversCursor = null;
                    do {
                        Page<AppServer> serverPage = appServers.listForInstance(instance.id(), PAGE, serversCursor);
                        servers.addAll(serverPage.items());
                        serversCursor = serverPage.nextCursor();
                    } while (serversCursor != null);
                    seen += servers.size();
                    visit.accept(instance, servers);
                }
                cursor = page.nextCursor();
            } while (cursor != null);
        }
        return seen;
    }
}
