package dev.berth.core.jobs;

import dev.berth.core.pool.VmPool;

/** Keeps the warm VM pool topped up, its booted VMs marked ready and its old ones recycled ({@link VmPool#topUp}). */
public final class VmPoolJob implements Job {
    private final VmPool pool;

    public VmPoolJob(VmPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return JobNames.VM_POOL;
    }

    @Override
    public JobReport run() {
        return pool.topUp();
    }
}
