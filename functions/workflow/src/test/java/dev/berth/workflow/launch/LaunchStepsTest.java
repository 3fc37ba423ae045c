package dev.berth.workflow.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.cloud.ssh.SshjRemoteShell;
import dev.berth.core.BerthCore;
import dev.berth.core.auth.Principal;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.Instance;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.LogLine;
import dev.berth.core.testing.RecordingWorkflows;
import dev.berth.core.openedx.OpenEdxSecrets;
import dev.berth.core.testing.TestCore;
import dev.berth.core.testing.memory.InMemorySecretStore;
import dev.berth.localcloud.LocalComputeProvider;
import dev.berth.localcloud.LocalKeys;
import dev.berth.localcloud.LocalLoadBalancer;
import dev.berth.workflow.launch.deploy.DeployBundle;
import dev.berth.workflow.step.HeartbeatNotYetException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataTier;
import dev.berth.core.testing.TestDataTier;
import dev.berth.core.testing.memory.InMemoryObjectStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launch steps for real: local VMs with MINA SSHD, sshj, the demo deployment.
 * The test plays the state machine's part (the ASL itself is tested with its mock configuration).
 */
class LaunchStepsTest {
    @TempDir
    Path root;
    private final Principal manager = Principal.system("test");
    private final RecordingWorkflows workflows = new RecordingWorkflows();
    private BerthCore core;
    private LocalComputeProvider cloud;
    private LaunchSteps steps;
    /** One VM of the stack's flavor and image ("local"), empty until a test tops it up. */
    private dev.berth.core.pool.VmPool pool;
    private KeyPair keys;
    private final InMemorySecretStore secretStore = new InMemorySecretStore();
    private final TestDataTier.SimulatedServers dataServers = new TestDataTier.SimulatedServers();
    private DataTier dataTier;

    @BeforeEach
    void setUp() {
        keys = LocalKeys.loadOrCreate(root.resolve("keys"));
        cloud = new LocalComputeProvider(root, keys.getPublic(), Duration.ofMillis(300), Clock.systemUTC());
        core = TestCore.create(workflows);
        dataTier = TestDataTier.create(core.repositories(), workflows, secretStore, dataServers, new InMemoryObjectStorage(), null);
        for (DataKind kind : List.of(DataKind.MYSQL, DataKind.MONGODB, DataKind.STORAGE)) {
            TestDataTier.server(dataTier, kind.wireName() + "-1", kind);
        }
        pool = new dev.berth.core.pool.VmPool(core.repositories().vmPool(), () -> cloud, () -> SshjRemoteShell.withKeyPair(keys),
                dev.berth.core.pool.VmPoolSpec.parse("1", "local", "local"), "local", List.of("berth-appservers"), Duration.ofHours(24),
                Clock.systemUTC());
        steps = steps(DeployBundle.Mode.DEMO);
    }

    private LaunchSteps steps(DeployBundle.Mode mode) {
        LaunchSettings settings = LaunchSettings.fromEnvironment(Map.of("BERTH_LAUNCH_POLL_SECONDS", "1", "BERTH_SSH_USER", "berth",
                "BERTH_DEPLOY_MODE", "demo", "BERTH_BOOT_TIMEOUT_MINUTES", "0",
                "BERTH_WEB_SOURCES", LocalLoadBalancer.SOURCE_ADDRESS.getHostAddress() + "/32"));
        return new LaunchSteps(core.repositories().appServers(), core.repositories().logs(), core.appServers(), cloud, SshjRemoteShell.withKeyPair(keys),
                new LaunchSettings(1, Duration.ofSeconds(3), Duration.ofMinutes(5), Duration.ofMinutes(10), settings.firewall(),
                        "local", "local", "local", "berth", mode, true, "/heartbeat", LocalComputeProvider.HTTP_CHECK_COMMAND,
                        "openedx", "ops", "mkdir -p team/.ssh && cp berth-deploy/team_keys team/.ssh/authorized_keys"),
                core.repositories().instances(), core.routingRequests(), teamKeys(),
                new OpenEdxSecrets(secretStore), dataTier.provisioning(), pool, Clock.systemUTC());
    }

    /** The GitHub port answering with the team's keys (the REST client itself is tested against a stub). */
    private static dev.berth.core.port.GitHub teamKeys() {
        return new dev.berth.core.port.GitHub() {
            @Override
            public dev.berth.core.port.github.PullRequestInfo pullRequest(String repository, int number) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<dev.berth.core.port.github.PullRequestInfo> openPullRequests(String repository) {
                return List.of();
            }

            @Override
            public void reportStatus(String repository, String sha, String state, String targetUrl, String description) {
            }

            @Override
            public boolean isMember(String organization, String team, String login) {
                return false;
            }

            @Override
            public List<String> memberKeys(String organization, String team) {
                return "openedx".equals(organization) && "ops".equals(team)
                        ? List.of("ssh-ed25519 AAAAadam adam@github", "ssh-rsa AAAAzoe zoe@github") : List.of();
            }
        };
    }

    @AfterEach
    void tearDown() {
        cloud.close();
    }

    private AppServer launch(String subDomain, String extraSettings) {
        InstanceSettings settings = TestCore.withExtraSettings(TestCore.settings("Demo " + subDomain, subDomain), extraSettings);
        Instance instance = core.instances().create(manager, settings);
        AppServer launched = core.appServers().launch(manager, instance.id());
        dataTier.provisioning().provision(instance.id()); // the ProvisionData step, before the VM boots
        return launched;
    }

    private String untilVmSettles(String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String state = steps.checkVm(id).state();
            if (!state.equals("BOOTING")) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the VM never settled");
    }

    private LaunchSteps.DeployState untilDeploySettles(String id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            LaunchSteps.DeployState result = steps.pollDeploy(id);
            if (!result.state().equals("RUNNING")) {
                return result;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the deployment never ended");
    }

    @Test
    void aLaunchBootsDeploysStreamsTheLogAndEndsRunning() throws Exception {
        String id = launch("demo", "berth_test_deploy_seconds: 2\n").id();
        assertEquals(1, steps.prepare(id).pollSeconds());
        steps.ensureSecurityGroup(id);
        assertEquals(List.of("berth-appservers"), cloud.securityGroups());
        steps.bootVm(id);
        steps.bootVm(id); // a retried step after a crash
        assertEquals(1, cloud.listManaged().size(), "a retried boot does not boot a second VM");
        assertEquals(AppServerStatus.WAITING, core.repositories().appServers().get(id).status());
        assertEquals("READY", untilVmSettles(id));
        AppServer ready = core.repositories().appServers().get(id);
        assertTrue(ready.vm().hostKeyFingerprint().startsWith("SHA256:"), "the host key is pinned");
        steps.startDeploy(id);
        assertEquals(AppServerStatus.CONFIGURING, core.repositories().appServers().get(id).status());
        assertEquals("RUNNING", steps.startDeploy(id).state(), "a retried start does not start twice");
        // Lines arrive while it runs.
        boolean sawLinesWhileRunning = false;
        LaunchSteps.DeployState result;
        do {
            result = steps.pollDeploy(id);
            if (result.state().equals("RUNNING") && !core.repositories().logs().read(id, 0, 1000).isEmpty()) {
                sawLinesWhileRunning = true;
            }
            Thread.sleep(100);
        } while (result.state().equals("RUNNING"));
        assertTrue(sawLinesWhileRunning);
        assertEquals("SUCCEEDED", result.state());
        List<LogLine> log = core.repositories().logs().read(id, 0, 1000);
        assertTrue(log.get(0).text().startsWith("berth: deploying"), log.toString());
        assertEquals("berth: deployment finished", log.get(log.size() - 1).text());
        for (int i = 0; i < log.size(); i++) {
            assertEquals(i + 1, log.get(i).sequence(), "no line lost or repeated");
        }
        assertEquals(200, steps.checkHeartbeat(id).status());
        Path keys = cloud.directoryOf(core.repositories().appServers().get(id).vm().serverId()).orElseThrow().resolve("team/.ssh/authorized_keys");
        assertEquals(List.of("ssh-ed25519 AAAAadam adam@github", "ssh-rsa AAAAzoe zoe@github"), java.nio.file.Files.readAllLines(keys),
                "the team can log in");
        assertEquals(AppServerStatus.RUNNING, core.repositories().appServers().get(id).status());
    }

    /** Issue 19.6: a launch takes a VM the pool booted ahead, skips the boot, deploys on it; a second launch boots its own. */
    @Test
    void aLaunchTakesAReadyVmFromTheWarmPoolAndNoTwoLaunchesShareOne() throws Exception {
        assertTrue(pool.topUp().actions().get(0).startsWith("booted pool-"), "the job boots what the pool lacks");
        dev.berth.core.pool.PoolVm ready = null;
        for (int i = 0; i < 100 && ready == null; i++) {
            pool.topUp();
            ready = core.repositories().vmPool().all().stream().filter(v -> v.state() == dev.berth.core.pool.PoolVm.State.READY).findFirst()
                    .orElse(null);
            Thread.sleep(100);
        }
        assertTrue(ready != null && ready.hostKeyFingerprint().startsWith("SHA256:"), "booted, answering SSH, its host key pinned");
        assertEquals(1, cloud.listManaged().size(), "no more than the pool's size: " + pool.topUp());

        String first = launch("pooled", "berth_test_deploy_seconds: 0\n").id();
        String second = launch("booted", "berth_test_deploy_seconds: 0\n").id();
        LaunchSteps.VmState taken = steps.bootVm(first);
        assertEquals("READY", taken.state(), "no boot to wait for");
        assertEquals(ready.serverId(), taken.serverId());
        assertEquals(ready.serverId(), core.repositories().appServers().get(first).vm().serverId());
        assertEquals("READY", steps.bootVm(first).state(), "a retried step keeps the claimed VM");
        assertEquals("BOOTING", steps.bootVm(second).state(), "the pool had one VM: the second launch boots its own");
        assertTrue(!core.repositories().appServers().get(second).vm().serverId().equals(ready.serverId()));

        steps.startDeploy(first);
        LaunchSteps.DeployState result;
        do {
            result = steps.pollDeploy(first);
            Thread.sleep(100);
        } while (result.state().equals("RUNNING"));
        assertEquals("SUCCEEDED", result.state(), "deployed on the pool's VM");
        assertEquals(200, steps.checkHeartbeat(first).status());
        // The claimed VM is the app server's now: the pool boots a replacement and the orphan job leaves it alone.
        assertTrue(pool.topUp().actions().stream().anyMatch(a -> a.startsWith("booted pool-")));
        var orphans = new dev.berth.core.jobs.OrphanVmsJob(() -> cloud, core.repositories().appServers(), core.repositories().nodes(), pool::find,
                Duration.ZERO, Clock.systemUTC()).run();
        assertEquals(List.of(), orphans.actions(), "pool VMs and a claimed one are not orphans");
    }

    @Test
    void aWarmPoolSettingIsCheckedAndConcurrentClaimsTakeAVmOnce() throws Exception {
        assertEquals(List.of(), dev.berth.core.pool.VmPoolSpec.parse("", "f", "i"));
        assertEquals(List.of(new dev.berth.core.pool.VmPoolSpec("m1.large", "ubuntu-24.04", 2), new dev.berth.core.pool.VmPoolSpec("f", "i", 1)),
                dev.berth.core.pool.VmPoolSpec.parse("m1.large/ubuntu-24.04=2, 1", "f", "i"));
        for (String bad : List.of("two", "m1.large=2", "/img=1", "f/i=99", "-1")) {
            assertThrows(IllegalArgumentException.class, () -> dev.berth.core.pool.VmPoolSpec.parse(bad, "f", "i"), bad);
        }
        pool.topUp();
        for (int i = 0; i < 100 && core.repositories().vmPool().all().stream().noneMatch(v -> v.state() == dev.berth.core.pool.PoolVm.State.READY); i++) {
            pool.topUp();
            Thread.sleep(100);
        }
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<java.util.Optional<dev.berth.core.pool.PoolVm>>> claims = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String appServer = "as-claimant" + i;
            claims.add(threads.submit(() -> pool.claim("local", "local", appServer)));
        }
        long won = 0;
        for (var claim : claims) {
            won += claim.get().isPresent() ? 1 : 0;
        }
        threads.shutdown();
        assertEquals(1, won, "one VM, one claim");
        assertEquals(java.util.Optional.empty(), pool.claim("m1.other", "local", "as-x"), "no pool for that flavor");
    }

    @Test
    void anInstancesOwnComputeSettingsAreWhatItsVmBootsWith() throws Exception {
        InstanceSettings s = TestCore.settings("Big", "big");
        var instance = core.instances().create(manager, new InstanceSettings(s.name(), s.subDomain(), s.baseDomain(), s.domainPrefixes(),
                s.openedxRelease(), s.tutorVersion(), s.plugins(), s.edxPlatformRepo(), s.edxPlatformRef(), s.dockerImage(), s.theme(),
                "berth_test_deploy_seconds: 1\n", true, null, false, "off", null,
                new dev.berth.core.domain.ComputeSettings("m1.xlarge", null, List.of("monitoring"), "#cloud-config\npackages: [htop]\n")));
        String id = core.appServers().launch(manager, instance.id()).id();
        steps.prepare(id);
        steps.bootVm(id);
        Path vm = cloud.directoryOf(cloud.find(id).orElseThrow().id()).orElseThrow();
        java.util.Properties booted = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(vm.resolve(".vm.properties"))) {
            booted.load(in);
        }
        assertEquals("m1.xlarge", booted.getProperty("flavor"), "the instance's flavor");
        assertEquals("local", booted.getProperty("image"), "the stack's image where the instance names none");
        assertEquals("berth-appservers,monitoring", booted.getProperty("securityGroups"), "Berth's group, then the instance's");
        assertEquals("#cloud-config\npackages: [htop]\n", java.nio.file.Files.readString(vm.resolve("user-data")));
    }

    @Test
    void aFailingDeploymentEndsFailedWithTheLogTailAndKeepsTheVm() throws Exception {
        String id = launch("broken", "berth_test_deploy_seconds: 1\nberth_test_exit_code: 2\n").id();
        steps.bootVm(id);
        assertEquals("READY", untilVmSettles(id));
        steps.startDeploy(id);
        LaunchSteps.DeployState result = untilDeploySettles(id);
        assertEquals("FAILED", result.state());
        assertEquals(2, result.exitCode());
        LaunchSteps.Recorded recorded = steps.recordFailure(id, "failed", Map.of("Error", "DeployFailed", "Cause", result.reason()));
        assertEquals("failed", recorded.status());
        AppServer failed = core.repositories().appServers().get(id);
        assertEquals(AppServerStatus.FAILED, failed.status());
        assertTrue(failed.failureReason().contains("exited with 2"), failed.failureReason());
        assertTrue(failed.failureReason().contains("FAILED!"), "the reason ends with the log's last lines: " + failed.failureReason());
        assertEquals(1, cloud.listManaged().size(), "the VM stays for debugging");
        assertTrue(java.nio.file.Files.exists(cloud.directoryOf(core.repositories().appServers().get(id).vm().serverId()).orElseThrow()
                .resolve("team/.ssh/authorized_keys")), "the team's keys are in before the deployment, so a failed one can be debugged");
        assertThrows(HeartbeatNotYetException.class, () -> steps.checkHeartbeat(id));
    }

    @Test
    void aVmThatNeverGetsSshEndsInErrorAfterTheDeadline() throws Exception {
        String id = launch("silent", "berth_test_vm: no-ssh\n").id();
        steps.bootVm(id);
        LaunchSteps.VmState check;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            check = steps.checkVm(id);
            Thread.sleep(200);
        } while (check.state().equals("BOOTING") && System.nanoTime() < deadline);
        assertEquals("TIMED_OUT", check.state());
        steps.recordFailure(id, "error", Map.of("Error", "VmUnusable", "Cause", check.reason()));
        AppServer server = core.repositories().appServers().get(id);
        assertEquals(AppServerStatus.ERROR, server.status());
        assertTrue(server.failureReason().contains("did not answer SSH"), server.failureReason());
    }

    /**
     * Issue 12: the Tutor deployment on a local VM with a Tutor stand-in on its PATH (no Docker or
     * PyPI here): detached, log by offset, exit file, as before; Tutor's configuration holds the
     * secrets, mode 0600, and no secret ever reaches a command line.
     */
    @Test
    void aTutorDeploymentRunsTutorAndKeepsSecretsOffCommandLines() throws Exception {
        LaunchSteps tutorSteps = steps(DeployBundle.Mode.TUTOR);
        String id = launch("tutor", "LANGUAGE_CODE: fr\n").id();
        tutorSteps.bootVm(id);
        assertEquals("READY", untilVmSettlesWith(tutorSteps, id));
        Path vm = cloud.directoryOf(core.repositories().appServers().get(id).vm().serverId()).orElseThrow();
        for (String standIn : List.of("tutor", "git")) {
            Path target = vm.resolve("bin").resolve(standIn);
            java.nio.file.Files.createDirectories(target.getParent());
            try (var in = getClass().getResourceAsStream("/standins/" + standIn)) {
                java.nio.file.Files.write(target, in.readAllBytes());
            }
            target.toFile().setExecutable(true);
        }
        String instanceId = core.repositories().appServers().get(id).instanceId();
        secretStore.put(OpenEdxSecrets.userPrefix(instanceId) + "SMTP_PASSWORD", "smtp-secret-value");
        tutorSteps.startDeploy(id);
        LaunchSteps.DeployState result;
        do {
            Thread.sleep(100);
            result = tutorSteps.pollDeploy(id);
        } while (result.state().equals("RUNNING"));
        List<String> log = core.repositories().logs().read(id, 0, 1000).stream().map(LogLine::text).toList();
        assertEquals("SUCCEEDED", result.state(), String.join("\n", log));
        assertTrue(log.contains("The platform is now running and can be accessed at the following urls:"), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("with Tutor 21.0.11")), log.toString());
        String calls = java.nio.file.Files.readString(vm.resolve("tutor-calls.log"));
        assertTrue(calls.contains("ARGS plugins enable mfe") && calls.contains("ARGS plugins enable indigo"), calls);
        assertTrue(calls.contains("ARGS config save"), calls);
        assertTrue(calls.contains("ARGS local launch --non-interactive"), calls);
        assertTrue(calls.contains("ENV TUTOR_ROOT=" + vm.resolve("berth-deploy/tutor")), "Tutor's root is the deployment's own");
        Path config = vm.resolve("berth-deploy/tutor/config.yml");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(config)));
        String configText = java.nio.file.Files.readString(config);
        assertTrue(configText.contains("smtp-secret-value") && configText.contains("LANGUAGE_CODE: fr"), "secrets reach Tutor through its file");
        String mysqlServer = core.repositories().dataServers().all(DataKind.MYSQL).get(0).id();
        String mysqlPassword = dataServers.users.get(mysqlServer).values().iterator().next();
        assertTrue(configText.contains("MYSQL_HOST: mysql-1.internal") && configText.contains("RUN_MYSQL: false")
                && configText.contains("OPENEDX_MYSQL_PASSWORD: " + mysqlPassword), "the data tier's databases reach Tutor:\n" + configText);
        List<String> secrets = new java.util.ArrayList<>(secretStore.values());
        assertTrue(secrets.size() > 5);
        for (String secret : secrets) {
            for (String line : calls.split("\n")) {
                if (line.startsWith("ARGS ") || line.startsWith("PS ")) {
                    assertFalse(line.contains(secret), "a secret on a command line: " + line);
                }
            }
            assertFalse(String.join("\n", log).contains(secret), "a secret in the deployment log");
        }
    }

    private String untilVmSettlesWith(LaunchSteps launchSteps, String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            String state = launchSteps.checkVm(id).state();
            if (!state.equals("BOOTING")) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the VM never settled");
    }
}
