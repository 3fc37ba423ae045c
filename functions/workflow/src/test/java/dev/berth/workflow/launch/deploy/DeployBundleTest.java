package dev.berth.workflow.launch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.InstanceSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployBundleTest {

    static AppServer server(String extraSettings) {
        InstanceSettings settings = new InstanceSettings("Demo U", "demo", "example.com", DomainPrefixes.DEFAULT, "open-release/sumac.master",
                "https://github.com/openedx/configuration.git", "open-release/sumac.master", "https://github.com/openedx/edx-platform.git",
                "open-release/sumac.master", extraSettings, true, null, false);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new AppServer("as-1", "in-1", AppServerStatus.CONFIGURING, false, settings, AppServer.Vm.NONE,
                AppServer.Deployment.NONE, null, null, t, t, 3);
    }

    @Test
    void variablesComeFromTheSnapshotAndExtraSettingsWin() {
        Map<String, Object> vars = DeployBundle.variables(server("EDXAPP_CMS_BASE: cms.custom.org\nFEATURES:\n  X: true\n"));
        assertEquals("demo.example.com", vars.get("EDXAPP_LMS_BASE"));
        assertEquals("cms.custom.org", vars.get("EDXAPP_CMS_BASE"));
        assertEquals(Map.of("X", true), vars.get("FEATURES"));
        assertEquals("localhost", vars.get("EDXAPP_MYSQL_HOST"), "ephemeral databases live on the VM");
        assertEquals("open-release/sumac.master", vars.get("configuration_version"));
    }

    private Process runDemo(Path dir, String extra) throws Exception {
        for (DeployBundle.File file : DeployBundle.files(server(extra), DeployBundle.Mode.DEMO)) {
            Path target = dir.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
            target.toFile().setExecutable((file.mode() & 0100) != 0);
        }
        return new ProcessBuilder("sh", "-c", DeployBundle.command()).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    @Test
    void theDemoDeploymentPrintsProgressAndPublishesAPage(@TempDir Path dir) throws Exception {
        Process p = runDemo(dir, "berth_test_deploy_seconds: 1\n");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("TASK [demo : step 1 of 1]"), output);
        String page = Files.readString(dir.resolve("www/index.html"));
        assertTrue(page.contains("Demo U") && page.contains("as-1") && page.contains("demo.example.com"), page);
    }

    @Test
    void theDemoDeploymentCanBeToldToFail(@TempDir Path dir) throws Exception {
        Process p = runDemo(dir, "berth_test_deploy_seconds: 0\nberth_test_exit_code: 3\n");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue());
        assertTrue(output.contains("FAILED!"), output);
        assertTrue(Files.notExists(dir.resolve("www/index.html")));
        assertEquals(List.of("berth-deploy/vars.yml", "berth-deploy/deploy.sh"),
                DeployBundle.files(server(null), DeployBundle.Mode.OPENEDX).stream().map(DeployBundle.File::path).toList());
    }
}
