package dev.berth.core.pool;

import dev.berth.core.Ids;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.error.BerthException;
import dev.berth.core.jobs.JobLog;
import dev.berth.core.jobs.JobNames;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.repository.Documents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The warm VM pool (issue 19.6): VMs booted ahead for the flavors and images of {@link VmPoolSpec}s,
 * so that a launch claims one that already answers SSH instead of waiting for a boot. A claim is a
 * write conditional on the record's version: two launches never get one VM. The {@code vm-pool}
 * job tops the pool up, marks booted VMs ready, and recycles ready ones older than {@code maxAge}.
 */
public final class VmPool {
    private static final Duration BOOT_LIMIT = Duration.ofMinutes(30);
    private final Documents<PoolVm> records;
    private final Supplier<ComputeProvider> compute;
    private final Supplier<RemoteShell> shell;
    private final List<VmPoolSpec> specs;
    private final String keyPair;
    private final List<String> securityGroups;
    private final Duration maxAge;
    private final Clock clock;

    public VmPool(Documents<PoolVm> records, Supplier<ComputeProvider> compute, Supplier<RemoteShell> shell, List<VmPoolSpec> specs,
                  String keyPair, List<String> securityGroups, Duration maxAge, Clock clock) {
        this.records = records;
        this.compute = compute;
        this.shell = shell;
        this.specs = List.copyOf(specs);
        this.keyPair = keyPair;
        this.securityGroups = List.copyOf(securityGroups);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** A ready VM of that flavor and image, now the app server's; empty when the pool has none (or none is configured). */
    public Optional<PoolVm> claim(String flavor, String image, String appServerId) {
        if (specs.stream().noneMatch(s -> s.flavor().equals(flavor) && s.image().equals(image))) {
            return Optional.empty();
        }
        List<PoolVm> ready = records.all().stream().filter(vm -> vm.state() == PoolVm.State.READY && vm.serves(flavor, image))
                .sorted(Comparator.comparing(PoolVm::createdAt)).toList();
        for (PoolVm vm : ready) {
            PoolVm claimed = vm.claimed(appServerId, clock.instant());
            try {
                records.update(vm, claimed, Set.of(), Set.of(), audit(vm.id(), "claim", vm.version(), "claimed by app server " + appServerId));
                return Optional.of(claimed);
            } catch (BerthException e) {
                if (e.kind() != BerthException.Kind.PRECONDITION_FAILED && e.kind() != BerthException.Kind.CONFLICT) {
                    throw e;
                }
                // another launch took it first: the next one
            }
        }
        return Optional.empty();
    }

    /** The pool VM tagged so, if it is one (the orphan clean-up asks). */
    public Optional<PoolVm> find(String tag) {
        return tag != null && tag.startsWith(PoolVm.TAG_PREFIX) ? records.find(tag) : Optional.empty();
    }

    /** The {@code vm-pool} job: ready the booted, recycle the old, drop the gone, boot what is missing. */
    public JobReport topUp() {
        JobLog log = new JobLog(JobNames.VM_POOL);
        List<PoolVm> all = records.all();
        Instant now = clock.instant();
        for (PoolVm vm : all) {
            log.attempt(vm.id(), () -> tend(vm, now));
        }
        List<PoolVm> kept = records.all();
        for (VmPoolSpec spec : specs) {
            long have = kept.stream().filter(vm -> vm.state() != PoolVm.State.CLAIMED && vm.serves(spec.flavor(), spec.image())).count();
            for (long n = have; n < spec.size(); n++) {
                log.attempt(spec.flavor() + "/" + spec.image(), () -> boot(spec));
            }
        }
        return log.report(all.size());
    }

    private String tend(PoolVm vm, Instant now) {
        ServerInfo server = compute.get().get(vm.serverId());
        boolean gone = server.state() == ServerState.DELETED || server.state() == ServerState.ERROR;
        boolean unwanted = vm.state() != PoolVm.State.CLAIMED && specs.stream().noneMatch(s -> vm.serves(s.flavor(), s.image()));
        boolean old = vm.state() == PoolVm.State.READY && vm.createdAt().isBefore(now.minus(maxAge));
        boolean stuck = vm.state() == PoolVm.State.BOOTING && vm.createdAt().isBefore(now.minus(BOOT_LIMIT));
        if (vm.state() == PoolVm.State.CLAIMED) {
            // Its app server owns the VM now; the record goes with the VM.
            return gone ? forget(vm, "its VM is gone") : null;
        }
        if (gone || unwanted || old || stuck) {
            // The record goes first, conditionally: a launch that claimed the VM since it was read keeps it.
            String removed = forget(vm, gone ? "its VM went to " + server.providerStatus() : unwanted ? "no pool wants it" : old ? "older than " + maxAge.toHours()
                    + " h, recycled" : "it did not answer SSH within " + BOOT_LIMIT.toMinutes() + " minutes");
            compute.get().delete(vm.serverId());
            return removed;
        }
        if (vm.state() == PoolVm.State.BOOTING && server.state() == ServerState.ACTIVE && server.ipv4() != null && server.sshPort() > 0
                && shell.get().probe(server.ipv4(), server.sshPort(), Duration.ofSeconds(5))) {
            String fingerprint = server.hostKeyFingerprint() != null ? server.hostKeyFingerprint()
                    : shell.get().learnHostKey(server.ipv4(), server.sshPort());
            PoolVm ready = vm.ready(server.ipv4(), server.sshPort(), server.httpUrl(), fingerprint, now);
            records.update(vm, ready, Set.of(), Set.of(), audit(vm.id(), "ready", vm.version(), "answers SSH at " + server.ipv4()));
            return vm.id() + " is ready";
        }
        return null;
    }

    private String forget(PoolVm vm, String why) {
        records.delete(vm, Set.of(), audit(vm.id(), "remove", vm.version(), why));
        return "removed " + vm.id() + " from the pool: " + why;
    }

    private String boot(VmPoolSpec spec) {
        Instant now = clock.instant();
        String id = PoolVm.TAG_PREFIX + Ids.ulid(now);
        ServerInfo server = compute.get().boot(new BootRequest(id, "berth-" + id, spec.flavor(), spec.image(), keyPair, securityGroups, "",
                Map.of(ServerInfo.APP_SERVER_TAG, id)));
        PoolVm booting = new PoolVm(id, spec.flavor(), spec.image(), server.id(), PoolVm.State.BOOTING, null, 0, null, null, null, now, now, 1);
        records.create(booting, Set.of(), audit(id, "boot", null, "booting " + spec.flavor() + "/" + spec.image() + " as VM " + server.id()));
        return "booted " + id + " (" + spec.flavor() + "/" + spec.image() + ")";
    }

    private AuditEntry audit(String id, String action, Long before, String summary) {
        return new AuditEntry(id, "pool-vm", action, "vm-pool", clock.instant(), before, before == null ? 1L : before + 1, summary);
    }
}
