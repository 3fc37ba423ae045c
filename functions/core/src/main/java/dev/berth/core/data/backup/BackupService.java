package dev.berth.core.data.backup;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataPlacement;
import dev.berth.core.data.DataServer;
import dev.berth.core.data.DataTierRefusal;
import dev.berth.core.data.InstanceData;
import dev.berth.core.domain.Instance;
import dev.berth.core.error.BerthException;
import dev.berth.core.json.Json;
import dev.berth.core.port.DataServerAdmin;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.SecretStore;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Backups;
import dev.berth.core.repository.DataServers;
import dev.berth.core.repository.InstanceDataSets;
import dev.berth.core.repository.Instances;
import dev.berth.core.repository.Page;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Backups of an instance's data set and restores from them. A request records a pending backup
 * and starts the {@code BackupInstance} state machine, whose step (which reaches the database
 * servers privately) dumps each database, gzipped and checksummed, to object storage with a
 * manifest; a restore checks every checksum before it touches a database.
 */
public final class BackupService {
    public static final String BACKUP_MACHINE = "BackupInstance";
    public static final String RESTORE_MACHINE = "RestoreInstance";
    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    private final Instances instances;
    private final InstanceDataSets dataSets;
    private final DataServers servers;
    private final Backups backups;
    private final SecretStore secrets;
    private final Function<DataKind, DataServerAdmin> admins;
    private final ObjectStorage storage;
    private final Workflows workflows;
    private final DatabaseOwners owners;
    private final Clock clock;

    public BackupService(Instances instances, InstanceDataSets dataSets, DataServers servers, Backups backups, SecretStore secrets,
                         Function<DataKind, DataServerAdmin> admins, ObjectStorage storage, Workflows workflows, DatabaseOwners owners,
                         Clock clock) {
        this.instances = instances;
        this.dataSets = dataSets;
        this.servers = servers;
        this.backups = backups;
        this.secrets = secrets;
        this.admins = admins;
        this.storage = storage;
        this.workflows = workflows;
        this.owners = owners;
        this.clock = clock;
    }

    /** @param trigger {@code manual} (a manager asked) or {@code scheduled} (the daily job) */
    public Backup start(Principal caller, String instanceId, String trigger) {
        caller.require(Role.MANAGER);
        instances.get(instanceId);
        return started(record(caller, instanceId, trigger));
    }

    /**
     * A pending backup of any data set's owner (an instance, a Drupal site {@code site-<id>}); its
     * context starts what makes it (the BackupInstance machine, the site's lifecycle).
     */
    public Backup record(Principal caller, String owner, String trigger) {
        caller.require(Role.MANAGER);
        dataSetOf(owner);
        return newBackup(caller, owner, null, trigger);
    }

    /**
     * A pending backup of a {@link DatabaseOwners} owner's copy {@code source} (a service's colour),
     * started on the BackupInstance machine like an instance's.
     */
    public Backup startFrom(Principal caller, String owner, String source) {
        caller.require(Role.MANAGER);
        return started(newBackup(caller, owner, source, "manual"));
    }

    /** The BackupInstance machine makes a pending backup (its owner in the input's {@code instanceId}). */
    private Backup started(Backup backup) {
        workflows.start(BACKUP_MACHINE, backup.id(), Json.write(Map.of("instanceId", backup.instanceId(), "backupId", backup.id())));
        return backup;
    }

    /** The RestoreInstance machine restores a backup marked running. */
    private Backup restoreStarted(Backup restoring) {
        workflows.start(RESTORE_MACHINE, restoring.id() + "-" + restoring.version(),
                Json.write(Map.of("instanceId", restoring.instanceId(), "backupId", restoring.id())));
        return restoring;
    }

    private Backup newBackup(Principal caller, String owner, String source, String trigger) {
        Instant now = clock.instant();
        Backup backup = new Backup(owner, "bk-" + Ids.ulid(now), Backup.State.PENDING, trigger, source, caller.actor(), now, null, 0,
                List.of(), null, null, 1);
        backups.create(backup, entry(backup, "backup.start", caller.actor(), null, 1L,
                trigger + " backup requested" + (source == null ? "" : " from " + source)));
        return backup;
    }

    /** An owner's backups, newest first (its context checked that the owner exists). */
    public Page<Backup> listOf(Principal caller, String owner, int limit, String cursor) {
        caller.require(Role.VIEWER);
        return backups.list(owner, limit, cursor);
    }

    /** The owner's backups still to be made, oldest first. */
    public List<Backup> pending(String owner) {
        List<Backup> out = new ArrayList<>();
        every(owner, b -> b.state() == Backup.State.PENDING, out);
        java.util.Collections.reverse(out);
        return out;
    }

    /** The owner's backup a restore is running from, if any. */
    public java.util.Optional<Backup> restoring(String owner) {
        List<Backup> out = new ArrayList<>();
        every(owner, b -> b.lastRestore() != null && "running".equals(b.lastRestore().state()), out);
        return out.stream().findFirst();
    }

    private void every(String owner, java.util.function.Predicate<Backup> which, List<Backup> out) {
        String cursor = null;
        do {
            Page<Backup> page = backups.list(owner, 100, cursor);
            page.items().stream().filter(which).forEach(out::add);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    /** Marks a complete backup as being restored (its context then runs the restore); 409 if it cannot be. */
    public Backup beginRestore(Principal caller, String owner, String backupId) {
        caller.require(Role.MANAGER);
        dataSetOf(owner);
        return beginRestore(caller, owner, backupId, null);
    }

    /** Restores a backup of a {@link DatabaseOwners} owner into its copy {@code target} (a colour) on the RestoreInstance machine. */
    public Backup startRestoreInto(Principal caller, String owner, String backupId, String target) {
        caller.require(Role.MANAGER);
        return restoreStarted(beginRestore(caller, owner, backupId, target));
    }

    private Backup beginRestore(Principal caller, String owner, String backupId, String target) {
        Backup backup = backups.get(owner, backupId);
        if (backup.state() != Backup.State.COMPLETE) {
            throw BerthException.conflict("backup_not_complete", "Backup " + backupId + " is " + backup.state().wireName()
                    + "; only a complete backup can be restored", Map.of());
        }
        if (backup.lastRestore() != null && "running".equals(backup.lastRestore().state())) {
            throw BerthException.conflict("restore_running", "A restore from " + backupId + " is already running", Map.of());
        }
        Backup restoring = backup.withRestore(new Backup.Restore("running", caller.actor(), clock.instant(), null, null, target));
        backups.update(backup, restoring, entry(restoring, "backup.restore", caller.actor(), backup.version(), restoring.version(),
                "restore from " + backupId + " requested" + (target == null ? "" : " into " + target)));
        return restoring;
    }

    /**
     * Adds an archive its context made (a Drupal site's files) to a complete backup: uploaded
     * beside the dumps, checksummed, listed with them.
     */
    public Backup attach(String owner, String backupId, String kind, Path archive) {
        Backup backup = backups.get(owner, backupId);
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(archive), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String key = backup.prefix() + kind + ".tar.gz";
        long size;
        try (InputStream in = Files.newInputStream(archive)) {
            size = Files.size(archive);
            storage.put(key, in, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Backup.BackupFile> files = new ArrayList<>(backup.files());
        files.add(new Backup.BackupFile(kind, kind, key, size, HexFormat.of().formatHex(sha.digest())));
        Backup done = backup.completed(files, clock.instant());
        backups.update(backup, done, entry(done, "backup.attach", "system", backup.version(), done.version(), "added its " + kind + " archive"));
        return done;
    }

    /** The archive of that kind in a backup, downloaded and checked against its checksum (the caller deletes the file). */
    public Path fetch(String owner, String backupId, String kind) throws IOException {
        Backup backup = backups.get(owner, backupId);
        Backup.BackupFile file = backup.files().stream().filter(f -> f.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new DataTierRefusal("Backup " + backupId + " holds no " + kind + " archive"));
        return download(file);
    }

    /** A backup its context could not finish: failed, its files gone. */
    public void fail(String owner, String backupId, String reason) {
        Backup backup = backups.get(owner, backupId);
        if (backup.state() == Backup.State.FAILED) {
            return;
        }
        storage.deleteAll(backup.prefix());
        Backup failed = backup.failed(reason, clock.instant());
        backups.update(backup, failed, entry(failed, "backup.fail", "system", backup.version(), failed.version(), "backup failed: " + reason));
    }

    public Page<Backup> list(Principal caller, String instanceId, int limit, String cursor) {
        caller.require(Role.VIEWER);
        instances.get(instanceId);
        return backups.list(instanceId, limit, cursor);
    }

    public Backup get(Principal caller, String instanceId, String backupId) {
        caller.require(Role.VIEWER);
        return backups.get(instanceId, backupId);
    }

    /** @param expectedVersion the caller's If-Match (null: {@code *}) */
    public void delete(Principal caller, String instanceId, String backupId, Long expectedVersion) {
        caller.require(Role.MANAGER);
        Backup backup = backups.get(instanceId, backupId);
        if (expectedVersion != null && expectedVersion != backup.version()) {
            throw BerthException.stale(backup.version());
        }
        if (backup.state() == Backup.State.PENDING || backup.lastRestore() != null && "running".equals(backup.lastRestore().state())) {
            throw BerthException.conflict("backup_busy", "Backup " + backupId + " is being made or restored; delete it when that ends", Map.of());
        }
        remove(backup, caller.actor());
    }

    /** Restores the backup into the instance's databases; {@code expectedInstanceVersion} is the caller's If-Match on the instance (null: {@code *}). */
    public Backup restore(Principal caller, String instanceId, String backupId, Long expectedInstanceVersion) {
        caller.require(Role.MANAGER);
        Instance instance = instances.get(instanceId);
        if (expectedInstanceVersion != null && expectedInstanceVersion != instance.version()) {
            throw BerthException.stale(instance.version());
        }
        return restoreStarted(beginRestore(caller, instanceId, backupId));
    }

    /** The step: dumps every database of the data set (or the owner's copy it names) to storage; ends complete or failed (never both, never twice). */
    public Backup runBackup(String owner, String backupId) {
        Backup backup = backups.get(owner, backupId);
        if (backup.state() != Backup.State.PENDING) {
            return backup;
        }
        List<Backup.BackupFile> files = new ArrayList<>();
        try {
            for (DatabaseOwners.Access source : sources(backup)) {
                DataPlacement p = source.placement();
                String key = backup.prefix() + p.kind().wireName() + "-" + STAMP.format(backup.createdAt()) + ".dump.gz";
                files.add(dumpTo(key, p, out -> admins.apply(p.kind()).dump(source.server(), source.adminPassword(), p, out)));
            }
            byte[] manifest = Json.write(Map.of("owner", owner, "backupId", backupId, "createdAt", backup.createdAt().toString(),
                    "files", files)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            storage.put(backup.prefix() + "manifest.json", new java.io.ByteArrayInputStream(manifest), manifest.length);
            Backup done = backup.completed(files, clock.instant());
            backups.update(backup, done, entry(done, "backup.complete", "system", backup.version(), done.version(),
                    "backup complete: " + done.sizeBytes() + " bytes in " + files.size() + " file(s)"));
            return done;
        } catch (RuntimeException e) {
            try {
                storage.deleteAll(backup.prefix());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup); // the failure is recorded whatever the clean-up does
            }
            Backup failed = backup.failed(e.getMessage(), clock.instant());
            backups.update(backup, failed, entry(failed, "backup.fail", "system", backup.version(), failed.version(), "backup failed: " + e.getMessage()));
            return failed;
        }
    }

    /** What a backup dumps: its owner's copy when it names one, else every database of the data set but RabbitMQ's. */
    private List<DatabaseOwners.Access> sources(Backup backup) {
        if (backup.source() != null) {
            return List.of(owners.access(backup.instanceId(), backup.source()));
        }
        List<DatabaseOwners.Access> sources = new ArrayList<>();
        for (DataPlacement p : dataSetOf(backup.instanceId()).placements()) {
            if (p.kind() != DataKind.RABBITMQ) { // messages in flight are not data worth keeping; the vhost is remade by a launch
                sources.add(access(p));
            }
        }
        return sources;
    }

    private DatabaseOwners.Access access(DataPlacement p) {
        DataServer server = servers.get(p.serverId());
        return new DatabaseOwners.Access(server, adminPassword(server), p);
    }

    /** The step: checks every file's checksum, then restores each database from it (into the copy the restore names, if any). */
    public Backup runRestore(String owner, String backupId) {
        Backup backup = backups.get(owner, backupId);
        if (backup.lastRestore() == null || !"running".equals(backup.lastRestore().state())) {
            return backup;
        }
        Backup.Restore running = backup.lastRestore();
        try {
            List<Path> verified = new ArrayList<>();
            try {
                for (Backup.BackupFile file : backup.files()) {
                    verified.add(download(file));
                }
                for (int i = 0; i < backup.files().size(); i++) {
                    Backup.BackupFile file = backup.files().get(i);
                    if (DataKind.fromWire(file.kind()).isEmpty()) {
                        continue; // an archive its context restores itself (a Drupal site's files)
                    }
                    DatabaseOwners.Access target = target(owner, running, DataKind.fromWire(file.kind()).orElseThrow());
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(verified.get(i)))) {
                        admins.apply(target.placement().kind()).restore(target.server(), target.adminPassword(), target.placement(), in);
                    }
                }
            } finally {
                for (Path path : verified) {
                    Files.deleteIfExists(path);
                }
            }
            Backup done = backup.withRestore(running.ended("complete", clock.instant(), null));
            backups.update(backup, done, entry(done, "backup.restore.complete", "system", backup.version(), done.version(),
                    "restored from " + backupId + (running.target() == null ? "" : " into " + running.target())));
            return done;
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage();
            Backup failed = backup.withRestore(running.ended("failed", clock.instant(), reason));
            backups.update(backup, failed, entry(failed, "backup.restore.fail", "system", backup.version(), failed.version(),
                    "restore from " + backupId + " failed: " + reason));
            return failed;
        }
    }

    private DatabaseOwners.Access target(String owner, Backup.Restore restore, DataKind kind) {
        if (restore.target() != null) {
            DatabaseOwners.Access access = owners.access(owner, restore.target());
            if (access.placement().kind() != kind) {
                throw new DataTierRefusal(restore.target() + " holds no " + kind.wireName() + " database");
            }
            return access;
        }
        return access(dataSetOf(owner).placement(kind).orElseThrow(() ->
                new DataTierRefusal("The instance no longer has " + kind.wireName() + " data")));
    }

    /** A purge's: every backup of the instance goes, whatever its state. */
    public void deleteAll(String instanceId) {
        Page<Backup> page;
        do {
            page = backups.list(instanceId, 100, null);
            page.items().forEach(backup -> remove(backup, "system:purge"));
        } while (!page.items().isEmpty());
        storage.deleteAll("backups/" + instanceId + "/");
    }

    /** Keeps the newest {@code keep} complete scheduled backups of an instance; returns how many went. */
    public int prune(String instanceId, int keep) {
        List<Backup> scheduled = new ArrayList<>();
        String cursor = null;
        do {
            Page<Backup> page = backups.list(instanceId, 100, cursor);
            page.items().stream().filter(b -> "scheduled".equals(b.trigger()) && b.state() != Backup.State.PENDING).forEach(scheduled::add);
            cursor = page.nextCursor();
        } while (cursor != null);
        int removed = 0;
        for (int i = keep; i < scheduled.size(); i++) {
            remove(scheduled.get(i), "system");
            removed++;
        }
        return removed;
    }

    private void remove(Backup backup, String actor) {
        storage.deleteAll(backup.prefix());
        backups.delete(backup, entry(backup, "backup.delete", actor, backup.version(), null, "deleted backup " + backup.id()));
    }

    private interface Dump {
        void to(OutputStream out);
    }

    private Backup.BackupFile dumpTo(String key, DataPlacement p, Dump dump) {
        Path file = null;
        try {
            file = Files.createTempFile("berth-backup", ".gz");
            MessageDigest sha = sha256();
            try (OutputStream out = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(file), sha))) {
                dump.to(out);
            }
            long size = Files.size(file);
            try (InputStream in = Files.newInputStream(file)) {
                storage.put(key, in, size);
            }
            return new Backup.BackupFile(p.kind().wireName(), String.join(",", p.databases()), key, size, HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the dump of " + p.kind().wireName() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private Path download(Backup.BackupFile file) throws IOException {
        Path path = Files.createTempFile("berth-restore", ".gz");
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(storage.get(file.key()).orElseThrow(() ->
                new DataTierRefusal("The backup file " + file.key() + " is missing from storage")), sha)) {
            Files.copy(in, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!actual.equals(file.sha256())) {
            Files.deleteIfExists(path);
            throw new DataTierRefusal("The backup file " + file.key() + " does not match its checksum (expected " + file.sha256()
                    + ", found " + actual + "); nothing was restored");
        }
        return path;
    }

    private InstanceData dataSetOf(String instanceId) {
        return dataSets.find(instanceId).filter(d -> d.state() == InstanceData.State.READY).orElseThrow(() ->
                BerthException.conflict("no_persistent_data", "Instance " + instanceId + " has no provisioned data set: its databases "
                        + "live on its app server (ephemeralDatabases) or it has not been launched yet", Map.of()));
    }

    private String adminPassword(DataServer server) {
        return secrets.get(server.adminPasswordSecret()).orElseThrow(() ->
                new DataTierRefusal("The admin password of data server " + server.name() + " is missing from the secret store"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }

    private AuditEntry entry(Backup backup, String action, String actor, Long before, Long after, String summary) {
        String type = backup.source() != null ? owners.subjectType() : "instance";
        return new AuditEntry(backup.instanceId(), type, action, actor, clock.instant(), before, after, summary);
    }
}
