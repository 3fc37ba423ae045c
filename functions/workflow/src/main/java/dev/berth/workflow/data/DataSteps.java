package dev.berth.workflow.data;

import dev.berth.core.data.DataProvisioning;
import dev.berth.core.data.DataServerFailure;
import dev.berth.core.data.DataTierRefusal;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.domain.AppServer;
import dev.berth.core.openedx.OpenEdxSecrets;
import dev.berth.core.repository.AppServers;
import dev.berth.core.service.InstanceService;
import dev.berth.workflow.step.PermanentStepException;
import java.util.function.Supplier;


/**
 * The steps that reach database servers (their function runs where the servers are reachable
 * privately): a launch's provisioning, a purge's drops, backups and restores. Each is idempotent.
 */
public final class DataSteps {

    public record AppServerRef(String appServerId) {
    }

    public record InstanceRef(String instanceId) {
    }

    public record BackupRef(String instanceId, String backupId) {
    }

    /** {@code persistent}: false when the instance keeps its databases on the app server. */
    public record Provisioned(boolean persistent) {
    }

    /** A backup's or restore's end: {@code complete} or {@code failed}, with the reason. */
    public record Outcome(String state, String reason) {
    }

    private final AppServers appServers;
    private final DataProvisioning provisioning;
    private final BackupService backups;
    private final InstanceService instances;
    private final Supplier<OpenEdxSecrets> secrets;

    public DataSteps(AppServers appServers, DataProvisioning provisioning, BackupService backups, InstanceService instances,
                     Supplier<OpenEdxSecrets> secrets) {
        this.appServers = appServers;
        this.secrets = secrets;
        this.provisioning = provisioning;
        this.backups = backups;
        this.instances = instances;
    }

    /** Before any VM boots: the launch's snapshot says whether its data is persistent. */
    public Provisioned provision(String appServerId) {
        AppServer server = appServers.get(appServerId);
        if (server.settings().ephemeralDatabases()) {
            return new Provisioned(false);
        }
        try {
            provisioning.provision(server.instanceId());
        } catch (DataServerFailure | DataTierRefusal e) {
            throw new PermanentStepException("The instance's data could not be provisioned: " + e.getMessage(), e);
        }
        return new Provisioned(true);
    }

    public Outcome dropData(String instanceId) {
        try {
            provisioning.drop(instanceId);
        } catch (DataServerFailure | DataTierRefusal e) {
            throw new PermanentStepException("The instance's data could not be dropped: " + e.getMessage(), e);
        }
        return new Outcome("complete", null);
    }

    /** Every backup of the instance, files and records. */
    public Outcome deleteBackups(String instanceId) {
        backups.deleteAll(instanceId);
        return new Outcome("complete", null);
    }

    /** The record goes last: its keys and people's secrets first, so a retry still finds what to purge. */
    public Outcome deleteInstance(String instanceId) {
        secrets.get().forget(instanceId);
        instances.purge(instanceId);
        return new Outcome("complete", null);
    }

    public Outcome backup(String instanceId, String backupId) {
        Backup done = backups.runBackup(instanceId, backupId);
        return new Outcome(done.state().wireName(), done.failureReason());
    }

    public Outcome restore(String instanceId, String backupId) {
        Backup done = backups.runRestore(instanceId, backupId);
        Backup.Restore restore = done.lastRestore();
        return restore == null ? new Outcome("failed", "no restore was requested") : new Outcome(restore.state(), restore.failureReason());
    }

}
