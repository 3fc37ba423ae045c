package dev.berth.core.data.backup;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A timestamped, checksummed copy of an instance's data set in object storage, and the last
 * restore made from it.
 *
 * @param trigger {@code manual} or {@code scheduled} (only scheduled ones are pruned)
 * @param source  where the dump was taken when its owner has more than one copy of its databases
 *                (a postgresql service's colour); null for a data set's
 */
public record Backup(
        String instanceId,
        String id,
        State state,
        String trigger,
        String source,
        String requestedBy,
        Instant createdAt,
        Instant finishedAt,
        long sizeBytes,
        List<BackupFile> files,
        String failureReason,
        Restore lastRestore,
        long version) {

    public enum State {
        PENDING, COMPLETE, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One dump: which kind and database it holds, its object key, size and SHA-256. */
    public record BackupFile(String kind, String database, String key, long sizeBytes, String sha256) {
    }

    /**
     * @param state  {@code running}, {@code complete} or {@code failed}
     * @param target where it restores into when the owner has more than one copy (a colour); null for a data set's
     */
    public record Restore(String state, String requestedBy, Instant startedAt, Instant finishedAt, String failureReason, String target) {

        public Restore ended(String endState, Instant at, String reason) {
            return new Restore(endState, requestedBy, startedAt, at, reason, target);
        }
    }

    public Backup {
        files = List.copyOf(files);
    }

    /** Where its files live: {@code backups/<owner>/<backup>/}, an owner {@code svc:<name>} as {@code svc/<name>}. */
    public static String prefix(String instanceId, String backupId) {
        return "backups/" + instanceId.replace(':', '/') + "/" + backupId + "/";
    }

    public String prefix() {
        return prefix(instanceId, id);
    }

    public Long durationMillis() {
        return finishedAt == null ? null : finishedAt.toEpochMilli() - createdAt.toEpochMilli();
    }

    public Backup completed(List<BackupFile> newFiles, Instant now) {
        long size = newFiles.stream().mapToLong(BackupFile::sizeBytes).sum();
        return new Backup(instanceId, id, State.COMPLETE, trigger, source, requestedBy, createdAt, now, size, newFiles, null, lastRestore, version + 1);
    }

    public Backup failed(String reason, Instant now) {
        return new Backup(instanceId, id, State.FAILED, trigger, source, requestedBy, createdAt, now, 0, List.of(), reason, lastRestore, version + 1);
    }

    public Backup withRestore(Restore restore) {
        return new Backup(instanceId, id, state, trigger, source, requestedBy, createdAt, finishedAt, sizeBytes, files, failureReason, restore, version + 1);
    }
}
