package dev.berth.workflow.data;

import dev.berth.workflow.WorkflowRoot;
import dev.berth.workflow.data.DataSteps.AppServerRef;
import dev.berth.workflow.data.DataSteps.BackupRef;
import dev.berth.workflow.data.DataSteps.InstanceRef;
import dev.berth.workflow.step.StepsHandler;

/** The Lambda behind the Tasks that reach database servers (LaunchAppServer's provisioning, PurgeInstance, BackupInstance, RestoreInstance). */
public final class DataStepsHandler extends StepsHandler {

    public DataStepsHandler() {
        this(WorkflowRoot.fromEnvironment(System.getenv()));
    }

    public DataStepsHandler(WorkflowRoot root) {
        primeWith(root::prime);
        DataSteps steps = root.dataSteps();
        step("provision", AppServerRef.class, in -> steps.provision(in.appServerId()));
        step("dropData", InstanceRef.class, in -> steps.dropData(in.instanceId()));
        step("deleteBackups", InstanceRef.class, in -> steps.deleteBackups(in.instanceId()));
        step("deleteInstance", InstanceRef.class, in -> steps.deleteInstance(in.instanceId()));
        step("backup", BackupRef.class, in -> steps.backup(in.instanceId(), in.backupId()));
        step("restore", BackupRef.class, in -> steps.restore(in.instanceId(), in.backupId()));
    }
}
