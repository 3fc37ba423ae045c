package dev.berth.localcloud;

import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The local runtime's cloud: a "VM" is a directory under {@code <root>/vms/} with its own SSH
 * server (real shell commands) and web server (its {@code www/} folder) on loopback ports. Like a
 * real cloud it boots asynchronously: BUILDING for {@code bootDelay}, then ACTIVE.
 *
 * <p>Test knobs, as metadata {@code berth-test}: {@code no-ssh} (the VM never gets an SSH
 * server), {@code error} (the VM goes to ERROR).
 */
public final class LocalComputeProvider implements ComputeProvider, AutoCloseable {
    public static final String TEST_KNOB = "berth-test";
    private static final String DESCRIPTION = ".vm.properties";
    private final Path vms;
    private final PublicKey authorizedKey;
    private final Duration bootDelay;
    private final Clock clock;
    private final Map<String, Vm> byId = new ConcurrentHashMap<>();
    private final List<String> securityGroups = new ArrayList<>();

    private static final class Vm {
        final String id;
        final BootRequest request;
        final Path dir;
        final Instant createdAt;
        VmSshServer ssh;
        VmWebServer web;
        volatile boolean deleted;

        Vm(String id, BootRequest request, Path dir, Instant createdAt) {
            this.id = id;
            this.request = request;
            this.dir = dir;
            this.createdAt = createdAt;
        }
    }

    public LocalComputeProvider(Path root, PublicKey authorizedKey, Duration bootDelay, Clock clock) {
        this.vms = root.resolve("vms");
        this.authorizedKey = authorizedKey;
        this.bootDelay = bootDelay;
        this.clock = clock;
        restart();
    }

    /**
     * VMs kept in the data folder ({@code ./berth local --data}) come back after a restart: the
     * same folder, host key and, when they are free, the same ports, so their records stay true.
     */
    private void restart() {
        if (!Files.isDirectory(vms)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(vms)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(DESCRIPTION))).toList()) {
                Properties p = new Properties();
                try (var in = Files.newInputStream(dir.resolve(DESCRIPTION))) {
                    p.load(in);
                }
                Map<String, String> metadata = new java.util.LinkedHashMap<>();
                p.stringPropertyNames().stream().filter(k -> k.startsWith("metadata.")).forEach(k -> metadata.put(k.substring(9), p.getProperty(k)));
                BootRequest request = new BootRequest(p.getProperty("appServerId"), p.getProperty("hostname"), "local", "local", "local",
                        List.of(), "", metadata);
                Vm vm = new Vm(dir.getFileName().toString(), request, dir, Instant.parse(p.getProperty("createdAt")));
                if (!"no-ssh".equals(metadata.get(TEST_KNOB))) {
                    vm.ssh = startSsh(dir, Integer.parseInt(p.getProperty("sshPort", "0")));
                }
                vm.web = startWeb(dir, Integer.parseInt(p.getProperty("httpPort", "0")));
                byId.put(vm.id, vm);
                describe(vm);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not bring back the local VMs under " + vms + ": " + e.getMessage(), e);
        }
    }

    private VmSshServer startSsh(Path dir, int port) throws IOException {
        try {
            return new VmSshServer(dir, authorizedKey, port);
        } catch (IOException e) {
            return new VmSshServer(dir, authorizedKey, 0); // the old port is taken: any other
        }
    }

    private VmWebServer startWeb(Path dir, int port) throws IOException {
        try {
            return new VmWebServer(dir, port);
        } catch (IOException e) {
            return new VmWebServer(dir, 0);
        }
    }

    private static void describe(Vm vm) throws IOException {
        Properties p = new Properties();
        p.setProperty("appServerId", vm.request.appServerId());
        p.setProperty("hostname", vm.request.hostname());
        p.setProperty("createdAt", vm.createdAt.toString());
        p.setProperty("sshPort", Integer.toString(vm.ssh == null ? 0 : vm.ssh.port()));
        p.setProperty("httpPort", Integer.toString(vm.web.port()));
        vm.request.metadata().forEach((k, v) -> p.setProperty("metadata." + k, v));
        try (var out = Files.newOutputStream(vm.dir.resolve(DESCRIPTION))) {
            p.store(out, "A local VM of Berth (ports are reused when it comes back)");
        }
    }

    @Override
    public synchronized void ensureSecurityGroup(String name, List<Integer> tcpPorts) {
        if (!securityGroups.contains(name)) {
            securityGroups.add(name); // loopback needs no firewall; remembered so tests can see the call
        }
    }

    public synchronized List<String> securityGroups() {
        return List.copyOf(securityGroups);
    }

    @Override
    public synchronized ServerInfo boot(BootRequest request) {
        Optional<ServerInfo> existing = find(request.appServerId());
        if (existing.isPresent()) {
            return existing.get();
        }
        String id = "vm-" + request.hostname();
        Path dir = vms.resolve(id);
        Vm vm = new Vm(id, request, dir, clock.instant());
        try {
            Files.createDirectories(dir.resolve("www"));
            if (!"no-ssh".equals(request.metadata().get(TEST_KNOB))) {
                vm.ssh = new VmSshServer(dir, authorizedKey);
            }
            vm.web = new VmWebServer(dir);
            describe(vm);
        } catch (IOException e) {
            throw new CloudException.Transient("Could not start local VM " + id + ": " + e.getMessage(), e);
        }
        byId.put(id, vm);
        return info(vm);
    }

    @Override
    public Optional<ServerInfo> find(String appServerId) {
        return byId.values().stream()
                .filter(vm -> !vm.deleted && appServerId.equals(vm.request.appServerId()))
                .findFirst().map(this::info);
    }

    @Override
    public ServerInfo get(String serverId) {
        Vm vm = byId.get(serverId);
        if (vm == null) {
            return new ServerInfo(serverId, null, ServerState.DELETED, "DELETED", null, null, 0, null, null, null, Map.of());
        }
        return info(vm);
    }

    @Override
    public synchronized void delete(String serverId) {
        Vm vm = byId.get(serverId);
        if (vm == null || vm.deleted) {
            return;
        }
        stop(vm);
        vm.deleted = true;
        try (Stream<Path> files = Files.walk(vm.dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new CloudException.Transient("Could not remove " + vm.dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<ServerInfo> listManaged() {
        return byId.values().stream().filter(vm -> !vm.deleted).map(this::info).toList();
    }

    /** The VM's directory (its "disk"), for tests and curious developers. */
    public Optional<Path> directoryOf(String serverId) {
        return Optional.ofNullable(byId.get(serverId)).map(vm -> vm.dir);
    }

    @Override
    public synchronized void close() {
        byId.values().forEach(LocalComputeProvider::stop);
    }

    private static void stop(Vm vm) {
        if (vm.ssh != null) {
            vm.ssh.stop();
        }
        if (vm.web != null) {
            vm.web.stop();
        }
    }

    private ServerInfo info(Vm vm) {
        ServerState state;
        String knob = vm.request.metadata().get(TEST_KNOB);
        if (vm.deleted) {
            state = ServerState.DELETED;
        } else if (clock.instant().isBefore(vm.createdAt.plus(bootDelay))) {
            state = ServerState.BUILDING;
        } else {
            state = "error".equals(knob) ? ServerState.ERROR : ServerState.ACTIVE;
        }
        boolean up = state == ServerState.ACTIVE;
        return new ServerInfo(vm.id, vm.request.hostname(), state, state.name(),
                state == ServerState.ERROR ? "Local VM told to fail (" + TEST_KNOB + ": error)" : null,
                up ? "127.0.0.1" : null,
                up && vm.ssh != null ? vm.ssh.port() : 0,
                up ? "http://127.0.0.1:" + vm.web.port() : null,
                vm.ssh == null ? null : vm.ssh.fingerprint(),
                vm.createdAt, vm.request.metadata());
    }
}
