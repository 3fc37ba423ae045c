package dev.berth.workflow.launch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.AppServerStatus;
import dev.berth.core.domain.DomainPrefixes;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.Theme;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.json.Json;
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
    private static final Map<String, String> SECRETS = Map.of("OPENEDX_SECRET_KEY", "the-django-secret", "SMTP_PASSWORD", "the-smtp-pw");

    static AppServer server(String name, String extraSettings) {
        InstanceSettings settings = new InstanceSettings(name, "demo", "example.com", DomainPrefixes.DEFAULT, "ulmo", null,
                List.of(new TutorPlugin("mfe", null), new TutorPlugin("discovery", "21.0.1")), "https://github.com/example/edx-platform.git",
                "0123456789abcdef0123456789abcdef01234567", null, new Theme("campus", "https://github.com/example/theme.git", "v2"),
                extraSettings, true, null, false);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new AppServer("as-1", "in-1", AppServerStatus.CONFIGURING, false, settings, AppServer.Vm.NONE,
                AppServer.Deployment.NONE, null, null, t, t, 3);
    }

    private static String content(List<DeployBundle.File> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).map(f -> new String(f.content(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }

    @Test
    void secretsGoOnlyIntoTheConfigFileReadableByTheDeployUser() throws Exception {
        List<DeployBundle.File> files = DeployBundle.files(server("Demo U", null), DeployBundle.Mode.TUTOR, true, SECRETS, null);
        assertEquals(List.of("berth-deploy/deploy.json", "berth-deploy/config.yml", "berth-deploy/deploy.sh"),
                files.stream().map(DeployBundle.File::path).toList());
        assertEquals(0600, files.get(1).mode());
        assertTrue(content(files, "berth-deploy/config.yml").contains("the-django-secret"));
        String description = content(files, "berth-deploy/deploy.json");
        assertFalse(description.contains("the-django-secret") || description.contains("the-smtp-pw"), description);
        JsonNode d = Json.MAPPER.readTree(description);
        assertEquals("21.0.11", d.get("tutorVersion").asText());
        assertEquals("tutor[full]==21.0.11 tutor-mfe>=21.0.0,<22.0.0 tutor-discovery==21.0.1",
                String.join(" ", Json.MAPPER.convertValue(d.get("requirements"), String[].class)));
        assertTrue(d.at("/platform/fetch").asBoolean(), "custom code is fetched (by SHA) and built");
        assertEquals("0123456789abcdef0123456789abcdef01234567", d.at("/platform/ref").asText());
        assertEquals("v2", d.at("/theme/ref").asText());
        assertFalse(files.toString().contains("the-django-secret"), "a bundle's description names no content");
    }

    private Process runDemo(Path dir, String name, String extra) throws Exception {
        for (DeployBundle.File file : DeployBundle.files(server(name, extra), DeployBundle.Mode.DEMO, false, SECRETS, null)) {
            Path target = dir.resolve(file.path());
            Files.createDirectories(target.getParent());
            Files.write(target, file.content());
            target.toFile().setExecutable((file.mode() & 0100) != 0);
        }
        return new ProcessBuilder("sh", "-c", DeployBundle.command()).directory(dir.toFile()).redirectErrorStream(true).start();
    }

    /** Regression (issue 18.9): the demo deployment wrote the instance's name into its page unescaped, read with sed. */
    @Test
    void theDemoDeploymentPrintsProgressAndPublishesAnEscapedPage(@TempDir Path dir) throws Exception {
        Process p = runDemo(dir, "Demo <script>alert(1)</script> & \"U\": x", "berth_test_deploy_seconds: 1\n");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("TASK [demo : step 1 of 1]"), output);
        String page = Files.readString(dir.resolve("www/index.html"));
        assertTrue(page.contains("Demo &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;U&quot;: x"), page);
        assertFalse(page.contains("<script>"), page);
        assertTrue(page.contains("as-1") && page.contains("demo.example.com"), page);
    }

    @Test
    void theDemoDeploymentCanBeToldToFail(@TempDir Path dir) throws Exception {
        Process p = runDemo(dir, "Demo", "berth_test_deploy_seconds: 0\nberth_test_exit_code: 3\n");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue());
        assertTrue(output.contains("FAILED!"), output);
        assertTrue(Files.notExists(dir.resolve("www/index.html")));
    }
}
