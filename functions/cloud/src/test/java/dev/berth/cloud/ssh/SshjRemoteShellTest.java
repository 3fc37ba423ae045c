package dev.berth.cloud.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.port.compute.BootRequest;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.ServerInfo;
import dev.berth.core.port.compute.ServerState;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.port.compute.TailChunk;
import dev.berth.localcloud.LocalComputeProvider;
import dev.berth.localcloud.LocalKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshj against real SSH servers: local VMs (Apache MINA SSHD running /bin/sh). */
class SshjRemoteShellTest {
    @TempDir
    Path root;
    private LocalComputeProvider cloud;
    private SshjRemoteShell shell;
    private ServerInfo vm;
    private SshTarget target;

    @BeforeEach
    void bootAVm() {
        KeyPair keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        cloud = new LocalComputeProvider(root, keys.getPublic(), Duration.ZERO, Clock.systemUTC());
        shell = SshjRemoteShell.withKeyPair(keys);
        vm = cloud.boot(new BootRequest("as-1", "demo-abc", "local", "local", "local", List.of(), "",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-1")));
        assertEquals(ServerState.ACTIVE, vm.state());
        target = new SshTarget(vm.ipv4(), vm.sshPort(), "berth", vm.hostKeyFingerprint());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void learnsThePinnedHostKeyAndRunsCommandsWithTheirExitStatus() {
        assertEquals(vm.hostKeyFingerprint(), shell.learnHostKey(vm.ipv4(), vm.sshPort()));
        assertTrue(shell.probe(vm.ipv4(), vm.sshPort(), Duration.ofSeconds(2)));
        List<String> lines = new ArrayList<>();
        assertEquals(3, shell.run(target, "echo one; echo two; exit 3", lines::add));
        assertEquals(List.of("one", "two"), lines);
    }

    @Test
    void uploadsFilesWithTheirMode() throws Exception {
        shell.upload(target, "bundle/run.sh", "#!/bin/sh\necho uploaded\n".getBytes(StandardCharsets.UTF_8), 0750);
        List<String> lines = new ArrayList<>();
        assertEquals(0, shell.run(target, "./bundle/run.sh", lines::add));
        assertEquals(List.of("uploaded"), lines);
        Path onDisk = cloud.directoryOf(vm.id()).orElseThrow().resolve("bundle/run.sh");
        assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(onDisk)));
    }

    @Test
    void aDetachedCommandOutlivesItsSessionAndIsTailedByOffset() throws Exception {
        shell.startDetached(target, "for i in 1 2 3 4; do echo \"line $i\"; sleep 0.3; done; exit 4", "job.log", "job.exit");
        List<String> seen = new ArrayList<>();
        long offset = 0;
        Optional<Integer> exit = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (exit.isEmpty() && System.nanoTime() < deadline) {
            exit = shell.exitCode(target, "job.exit");
            TailChunk chunk = shell.tail(target, "job.log", offset, 1 << 16);
            seen.addAll(chunk.lines());
            offset = chunk.nextOffset();
            Thread.sleep(100);
        }
        seen.addAll(shell.tail(target, "job.log", offset, 1 << 16).lines());
        assertEquals(Optional.of(4), exit);
        assertEquals(List.of("line 1", "line 2", "line 3", "line 4"), seen);
    }

    @Test
    void tailHoldsBackAPartialLineAndReadsAMissingFileAsEmpty() {
        assertEquals(new TailChunk(List.of(), 0), shell.tail(target, "nothing.log", 0, 1024));
        shell.run(target, "printf 'a\\nb' > t.log", l -> { });
        TailChunk first = shell.tail(target, "t.log", 0, 1024);
        assertEquals(List.of("a"), first.lines());
        assertEquals(2, first.nextOffset());
        shell.run(target, "printf 'c\\nd\\n' >> t.log", l -> { });
        TailChunk second = shell.tail(target, "t.log", first.nextOffset(), 1024);
        assertEquals(List.of("bc", "d"), second.lines());
        assertEquals(7, second.nextOffset());
        assertEquals(Optional.empty(), shell.exitCode(target, "no.exit"));
    }

    @Test
    void aHostKeyMismatchAndAForeignClientKeyArePermanentFailures() {
        SshTarget impostor = new SshTarget(vm.ipv4(), vm.sshPort(), "berth", "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        CloudException mismatch = assertThrows(CloudException.class, () -> shell.run(impostor, "true", l -> { }));
        assertFalse(mismatch.isTransient());
        assertTrue(mismatch.getMessage().contains("host key mismatch"), mismatch.getMessage());

        SshjRemoteShell stranger = SshjRemoteShell.withKeyPair(LocalKeys.loadOrCreate(root.resolve("other-keys")));
        CloudException refused = assertThrows(CloudException.class, () -> stranger.run(target, "true", l -> { }));
        assertFalse(refused.isTransient());
        assertTrue(refused.getMessage().contains("authentication refused"), refused.getMessage());
    }

    @Test
    void aVmWithoutSshIsATransientFailure() {
        ServerInfo silent = cloud.boot(new BootRequest("as-2", "silent-abc", "local", "local", "local", List.of(), "",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-2", LocalComputeProvider.TEST_KNOB, "no-ssh")));
        assertFalse(shell.probe("127.0.0.1", 1, Duration.ofMillis(500)));
        CloudException e = assertThrows(CloudException.class,
                () -> shell.run(new SshTarget("127.0.0.1", 1, "berth", vm.hostKeyFingerprint()), "true", l -> { }));
        assertTrue(e.isTransient(), e.getMessage());
        assertEquals(0, silent.sshPort());
    }

    @Test
    void keptVmsComeBackAfterARestartWithTheirKeyAndPorts() throws Exception {
        shell.run(target, "echo kept > www/index.html", l -> { });
        cloud.close();
        KeyPair keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        cloud = new LocalComputeProvider(root, keys.getPublic(), Duration.ZERO, Clock.systemUTC());
        ServerInfo back = cloud.find("as-1").orElseThrow();
        assertEquals(vm.id(), back.id());
        assertEquals(vm.hostKeyFingerprint(), back.hostKeyFingerprint(), "the same host key: the pinned fingerprint still holds");
        assertEquals(vm.sshPort(), back.sshPort());
        assertEquals(vm.httpUrl(), back.httpUrl());
        List<String> lines = new ArrayList<>();
        assertEquals(0, shell.run(target, "cat www/index.html", lines::add));
        assertEquals(List.of("kept"), lines);
        assertEquals("200", fromTheVm(back, "/")[0]);
    }

    @Test
    void theVmServesWhatTheDeploymentPublishesAndDeletionStopsIt() throws Exception {
        assertEquals("503", fromTheVm(vm, "/")[0]);
        shell.run(target, "echo '<h1>deployed</h1>' > www/index.html", l -> { });
        String[] page = fromTheVm(vm, "/");
        assertEquals("200", page[0]);
        assertTrue(page[1].contains("deployed"), page[1]);
        assertEquals(vm.id(), cloud.boot(new BootRequest("as-1", "other-name", "local", "local", "local", List.of(), "",
                Map.of(ServerInfo.APP_SERVER_TAG, "as-1"))).id(), "booting again for the same app server finds the same VM");
        assertEquals(1, cloud.listManaged().size());
        cloud.delete(vm.id());
        cloud.delete(vm.id());
        assertEquals(ServerState.DELETED, cloud.get(vm.id()).state());
        assertFalse(shell.probe(vm.ipv4(), vm.sshPort(), Duration.ofMillis(500)));
        assertTrue(cloud.listManaged().isEmpty());
    }

    /**
     * The VM's web server asked from the VM itself over SSH, as Berth's heartbeat asks it: it admits
     * only the load balancer and the VM (LocalVmFirewallTest). Status and body.
     */
    private String[] fromTheVm(ServerInfo server, String path) {
        List<String> lines = new ArrayList<>();
        int port = URI.create(server.httpUrl()).getPort();
        shell.run(target, "curl -s -w '\\n%{http_code}' --interface \"$BERTH_VM_ADDRESS\" \"http://$BERTH_VM_ADDRESS:" + port + path + "\"", lines::add);
        return new String[] {lines.get(lines.size() - 1), String.join("\n", lines.subList(0, lines.size() - 1))};
    }
}
