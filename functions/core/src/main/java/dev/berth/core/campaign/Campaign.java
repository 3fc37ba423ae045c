package dev.berth.core.campaign;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A batched redeploy: every instance its filter matched when it was created gets a new app
 * server, {@code batchSize} at a time, activated once it runs (when {@code activate}); more than
 * {@code maxFailures} failed instances stop it (the rest are skipped). The old app server stays
 * active until the new one replaces it, so no instance that was served is left without one.
 */
public record Campaign(String id, Filter filter, int batchSize, int maxFailures, boolean activate, State state, List<Item> items, String reason,
                       String createdBy, Instant createdAt, Instant updatedAt, Instant finishedAt, long version) implements Document {

    /** Which instances (all criteria given must hold); {@code all} must be said outright. */
    public record Filter(List<String> instanceIds, String release, String repository, Boolean sandbox, boolean all) {
        public Filter {
            instanceIds = instanceIds == null ? null : List.copyOf(instanceIds);
        }

        public boolean empty() {
            return instanceIds == null && release == null && repository == null && sandbox == null && !all;
        }
    }

    public enum State {
        RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ItemState {
        PENDING, LAUNCHING, ACTIVATING, DONE, FAILED, SKIPPED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One instance's progress: the app server launched for it, the routing execution whose health
     * gate decides its activation, and why it failed or was skipped.
     */
    public record Item(String instanceId, String instanceName, ItemState state, String appServerId, String gate, String reason, Instant updatedAt) {
        public Item with(ItemState next, String server, String why, Instant at) {
            return new Item(instanceId, instanceName, next, server, gate, why, at);
        }

        public Item gatedBy(String execution, Instant at) {
            return new Item(instanceId, instanceName, ItemState.ACTIVATING, appServerId, execution, null, at);
        }
    }

    public Campaign {
        items = List.copyOf(items);
    }

    /** Newest first. */
    @Override
    public String sortKey() {
        return String.format("%019d", Long.MAX_VALUE - createdAt.toEpochMilli());
    }

    public Item item(String instanceId) {
        return items.stream().filter(i -> i.instanceId().equals(instanceId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Instance " + instanceId + " is not part of campaign " + id));
    }

    public long count(ItemState itemState) {
        return items.stream().filter(i -> i.state() == itemState).count();
    }

    /** Too many failed: the campaign stops. */
    public boolean failedTooOften() {
        return count(ItemState.FAILED) > maxFailures;
    }

    public Campaign withItem(String instanceId, UnaryOperator<Item> change, Instant now) {
        return withItem(instanceId, (campaign, item) -> change.apply(item), now);
    }

    /** The item's change may depend on the campaign as it is now (its state: a cancelled one starts nothing). */
    public Campaign withItem(String instanceId, java.util.function.BiFunction<Campaign, Item, Item> change, Instant now) {
        List<Item> next = new ArrayList<>();
        for (Item item : items) {
            next.add(item.instanceId().equals(instanceId) ? change.apply(this, item) : item);
        }
        return new Campaign(id, filter, batchSize, maxFailures, activate, state, next, reason, createdBy, createdAt, now, finishedAt, version + 1);
    }

    /** Ends the campaign; items not started are skipped with the reason. */
    public Campaign ended(State end, String why, Instant now) {
        List<Item> next = new ArrayList<>();
        for (Item item : items) {
            next.add(item.state() == ItemState.PENDING ? item.with(ItemState.SKIPPED, null, why, now) : item);
        }
        return new Campaign(id, filter, batchSize, maxFailures, activate, end, next, why, createdBy, createdAt, now,
                end == State.RUNNING ? null : now, version + 1);
    }
}
