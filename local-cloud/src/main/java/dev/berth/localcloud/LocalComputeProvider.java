package dev.berth.localcloud;

import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.Cidr;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.port.compute.VmFirewall;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local runtime's cloud: a "VM" is a directory under {@code <root>/vms/} with its own SSH
 * server (real shell commands) and web server (its {@code www/} folder) on loopback ports. Like a
 * real cloud it boots asynchronously: BUILDING for {@code bootDelay}, then ACTIVE.
 *
 * <p>Test knobs, as metadata {@code berth-test}: {@code no-ssh} (the VM never gets an SSH
 * server), {@code error} (the VM goes to ERROR).
 *
 * <p>Every VM has stand-ins for {@code docker} and {@code drush} in its {@code bin/} (first on its
 * PATH): python scripts under {@code standins/} beside this class, which keep their state in the
 * VM's folder. The docker stand-in's "containers" are background web servers; they stop with
 * the VM (deleted, or the provider closed), so after a restart they show as exited.
 */
public final class LocalComputeProvider implements ComputeProvider, AutoCloseable {
    public static final String TEST_KNOB = "berth-test";
    /**
     * How a local VM asks its own web server (Berth's {@code BERTH_VM_HTTP_CHECK_COMMAND}): on its
     * own address, which its web server admits, where a cloud VM would use localhost.
     */
    public static final String HTTP_CHECK_COMMAND =
            "curl -s -o /dev/null -w '%{http_code}' --max-time 10 --interface \"$BERTH_VM_ADDRESS\" \"http://$BERTH_VM_ADDRESS:{port}{path}\"";
    private static final String DESCRIPTION = ".vm.properties";
    /** The command stand-ins every VM gets in its {@code bin/}, from {@code standins/} beside this class. */
    public static final List<String> STAND_INS = List.of("docker", "drush");
    private static final Pattern CONTAINER_PID = Pattern.compile("\"Pid\"\\s*:\\s*(\\d+)");
    private final Path vms;
    private final PublicKey authorizedKey;
    private final Duration bootDelay;
    private final Clock clock;
    private final Map<String, Vm> byId = new ConcurrentHashMap<>();
    private final List<String> securityGroups = new ArrayList<>();
    /** Who the VMs' web servers admit besides the VM itself: the load balancer, until a security group says otherwise. */
    private volatile List<Cidr> webSources = List.of(new Cidr(LocalLoadBalancer.SOURCE_ADDRESS.getHostAddress() + "/32"));

    private static final class Vm {
        final String id;
        final BootRequest request;
        final Path dir;
        final Instant createdAt;
        String address = "127.0.0.1";
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
                vm.address = p.getProperty("address", "127.0.0.1");
                takeAddress(vm.address);
                installStandIns(dir, false);
                if (!"no-ssh".equals(metadata.get(TEST_KNOB))) {
                    vm.ssh = startSsh(dir, vm.address, Integer.parseInt(p.getProperty("sshPort", "0")));
                }
                vm.web = startWeb(dir, vm.address, Integer.parseInt(p.getProperty("httpPort", "0")), admitted(vm.address));
                byId.put(vm.id, vm);
                describe(vm);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not bring back the local VMs under " + vms + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the stand-ins into the VM's {@code bin/}, mode 0755: all of them at boot, only the
     * missing ones when a VM comes back (a developer's own edits stay).
     */
    static void installStandIns(Path vmDirectory, boolean replace) throws IOException {
        Path bin = Files.createDirectories(vmDirectory.resolve("bin"));
        for (String name : STAND_INS) {
            Path target = bin.resolve(name);
            if (!replace && Files.exists(target)) {
                continue;
            }
            try (InputStream in = LocalComputeProvider.class.getResourceAsStream("standins/" + name)) {
                if (in == null) {
                    throw new IOException("the stand-in " + name + " is missing from the classpath");
                }
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException notPosix) {
                target.toFile().setExecutable(true, false);
            }
        }
    }

    /**
     * Ends the background servers of the VM's docker stand-in (its "containers"): they belong to
     * the VM and must not outlive it. Only processes that are still the stand-in's servers.
     */
    private static void stopContainers(Path vmDirectory) {
        Path containers = vmDirectory.resolve(".docker-standin").resolve("containers");
        if (!Files.isDirectory(containers)) {
            return;
        }
        List<ProcessHandle> stopping = new java.util.ArrayList<>();
        try (Stream<Path> records = Files.list(containers)) {
            for (Path record : records.filter(f -> f.toString().endsWith(".json")).toList()) {
                Matcher pid = CONTAINER_PID.matcher(Files.readString(record));
                if (pid.find() && isStandInServer(Long.parseLong(pid.group(1)))) {
                    ProcessHandle.of(Long.parseLong(pid.group(1))).ifPresent(server -> {
                        server.destroy();
                        stopping.add(server);
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a VM that is going away must still go away
        }
        // As docker stop does: SIGTERM, then SIGKILL for a server still there after a grace period.
        for (ProcessHandle server : stopping) {
            try {
                server.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                server.destroyForcibly();
            } catch (InterruptedException e) {
                server.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Whether the process is still a container server of the stand-in, from its command line in
     * {@code /proc} (not {@code ProcessHandle.Info}, which may answer nothing for a process the JVM
     * did not start).
     */
    private static boolean isStandInServer(long pid) {
        try {
            String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
            return List.of(commandLine.split("\0")).contains("__standin_serve__");
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /**
     * The disk of a VM holds its volumes, but a PostgreSQL container run as root keeps its cluster
     * where its server's user can reach it (the stand-in's {@code .pgdata-location}): that goes too.
     */
    static void deleteRelocatedVolumes(Path vmDirectory) {
        Path volumes = vmDirectory.resolve(".docker-standin").resolve("volumes");
        if (!Files.isDirectory(volumes)) {
            return;
        }
        try (Stream<Path> pointers = Files.list(volumes)) {
            for (Path pointer : pointers.map(v -> v.resolve(".pgdata-location")).filter(Files::isRegularFile).toList()) {
                Path cluster = Path.of(Files.readString(pointer).strip());
                if (cluster.getParent() != null && cluster.getParent().equals(Path.of("/var/tmp"))
                        && cluster.getFileName().toString().startsWith("berth-standin-pgdata-")) {
                    try (Stream<Path> files = Files.walk(cluster)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort, as for the containers
        }
    }

    private VmSshServer startSsh(Path dir, String address, int port) throws IOException {
        try {
            return new VmSshServer(dir, authorizedKey, address, port);
        } catch (IOException e) {
            return new VmSshServer(dir, authorizedKey, address, 0); // the old port is taken: any other
        }
    }

    private VmWebServer startWeb(Path dir, String address, int port, Predicate<InetAddress> admitted) throws IOException {
        try {
            return new VmWebServer(dir, address, port, admitted);
        } catch (IOException e) {
            return new VmWebServer(dir, address, 0, admitted);
        }
    }

    /**
     * Each VM gets its own loopback address (127.0.1.1, 127.0.1.2, ...; Linux answers on all of
     * 127/8), so that two VMs can publish the same port as two cloud VMs can.
     */
    private static final java.util.Set<String> TAKEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static void takeAddress(String address) {
        TAKEN.add(address);
    }

    private static synchronized String nextAddress() {
        for (int n = 257; n < 65024; n++) {
            String candidate = "127.0." + (n / 254) + "." + (n % 254 + 1);
            if (TAKEN.add(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No loopback address left for a local VM");
    }

    private static void describe(Vm vm) throws IOException {
        Properties p = new Properties();
        p.setProperty("appServerId", vm.request.appServerId());
        p.setProperty("hostname", vm.request.hostname());
        p.setProperty("createdAt", vm.createdAt.toString());
        p.setProperty("address", vm.address);
        p.setProperty("sshPort", Integer.toString(vm.ssh == null ? 0 : vm.ssh.port()));
        p.setProperty("httpPort", Integer.toString(vm.web.port()));
        // What it was booted with, as a cloud would show it (the local cloud runs any flavor and image).
        p.setProperty("flavor", String.valueOf(vm.request.flavor()));
        p.setProperty("image", String.valueOf(vm.request.image()));
        p.setProperty("securityGroups", String.join(",", vm.request.securityGroups()));
        vm.request.metadata().forEach((k, v) -> p.setProperty("metadata." + k, v));
        try (var out = Files.newOutputStream(vm.dir.resolve(DESCRIPTION))) {
            p.store(out, "A local VM of Berth (ports are reused when it comes back)");
        }
    }

    @Override
    public synchronized void ensureSecurityGroup(VmFirewall firewall) {
        if (!securityGroups.contains(firewall.name())) {
            securityGroups.add(firewall.name());
        }
        if (!firewall.webSources().isEmpty()) { // none given: left as they are, as on OpenStack
            webSources = firewall.webSources(); // the web servers check each connection's source against it
        }
    }

    /** The security group's web rule, as every local VM's web server applies it. */
    private Predicate<InetAddress> admitted(String vmAddress) {
        return from -> from.getHostAddress().equals(vmAddress) || webSources.stream().anyMatch(block -> block.contains(from));
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
        vm.address = nextAddress();
        try {
            Files.createDirectories(dir.resolve("www"));
            if (request.userData() != null && !request.userData().isEmpty()) {
                Files.writeString(dir.resolve("user-data"), request.userData()); // what cloud-init would have read
            }
            installStandIns(dir, true);
            if (!"no-ssh".equals(request.metadata().get(TEST_KNOB))) {
                vm.ssh = new VmSshServer(dir, authorizedKey, vm.address, 0);
            }
            vm.web = new VmWebServer(dir, vm.address, 0, admitted(vm.address));
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
        deleteRelocatedVolumes(vm.dir);
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
        stopContainers(vm.dir);
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
                up ? vm.address : null,
                up && vm.ssh != null ? vm.ssh.port() : 0,
                up ? "http://" + vm.address + ":" + vm.web.port() : null,
                vm.ssh == null ? null : vm.ssh.fingerprint(),
                vm.createdAt, vm.request.metadata());
    }
}
