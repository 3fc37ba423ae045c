package dev.berth.workflow.launch.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.domain.AppServer;
import dev.berth.core.domain.ExtraSettings;
import dev.berth.core.domain.InstanceSettings;
import dev.berth.core.domain.TutorPlugin;
import dev.berth.core.json.Json;
import dev.berth.core.data.DataConnections;
import dev.berth.core.openedx.TutorConfig;
import dev.berth.core.openedx.TutorPlugins;
import dev.berth.core.openedx.TutorReleases;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What is uploaded to a VM to deploy it: {@code deploy.json} (what to deploy, no secret),
 * {@code config.yml} (Tutor's configuration, secrets included: mode 0600) and {@code deploy.sh},
 * which the VM runs detached, writing its log and exit code.
 */
public final class DeployBundle {
    public static final String DIRECTORY = "berth-deploy";
    public static final String LOG_FILE = DIRECTORY + "/deploy.log";
    public static final String EXIT_FILE = DIRECTORY + "/deploy.exit";
    private static final String DEFAULT_PLATFORM = "https://github.com/openedx/edx-platform.git";

    /** How the VM deploys: Open edX with Tutor, or the local runtime's demo page. */
    public enum Mode { TUTOR, DEMO }

    private DeployBundle() {
    }

    public record File(String path, byte[] content, int mode) {
        @Override
        public String toString() {
            return "File[" + path + "]"; // never the content: config.yml holds secrets
        }
    }

    /** @param data null for an ephemeral instance; {@code secrets} the instance's keys and users' secrets */
    public static List<File> files(AppServer server, Mode mode, boolean https, Map<String, String> secrets, DataConnections data) {
        String config = "# Tutor configuration written by Berth for app server " + server.id() + "\n"
                + yaml(TutorConfig.of(server, https, secrets, data));
        return List.of(
                new File(DIRECTORY + "/deploy.json", description(server).toPrettyString().getBytes(StandardCharsets.UTF_8), 0600),
                new File(DIRECTORY + "/config.yml", config.getBytes(StandardCharsets.UTF_8), 0600),
                new File(DIRECTORY + "/deploy.sh", script(mode).getBytes(StandardCharsets.UTF_8), 0700));
    }

    /** What the deployment script reads: values Berth validated, and no secret. */
    static ObjectNode description(AppServer server) {
        InstanceSettings s = server.settings();
        String tutorVersion = s.effectiveTutorVersion();
        int major = TutorReleases.major(tutorVersion);
        ObjectNode d = Json.MAPPER.createObjectNode();
        d.put("appServerId", server.id());
        d.put("instanceId", server.instanceId());
        d.put("instanceName", s.name());
        d.put("lmsHost", s.domains().lms());
        d.put("release", s.openedxRelease());
        d.put("tutorVersion", tutorVersion);
        ArrayNode requirements = d.putArray("requirements");
        requirements.add("tutor[full]==" + tutorVersion);
        for (TutorPlugin plugin : s.plugins()) {
            TutorPlugins.find(plugin.name()).ifPresent(p -> requirements.add(p.requirement(major, plugin.version())));
        }
        s.pluginNames().forEach(d.putArray("plugins")::add);
        boolean customCode = !DEFAULT_PLATFORM.equals(s.edxPlatformRepo()) || s.edxPlatformRef() != null;
        d.putObject("platform").put("repository", s.edxPlatformRepo()).put("ref", s.effectivePlatformRef())
                .put("fetch", customCode && s.dockerImage() == null);
        if (s.theme() != null) {
            ObjectNode theme = d.putObject("theme").put("name", s.theme().name());
            if (s.theme().repository() != null) {
                theme.put("repository", s.theme().repository()).put("ref", s.theme().ref() == null ? "main" : s.theme().ref());
            }
        }
        Map<String, Object> extra = new ExtraSettings(Integer.MAX_VALUE).toMap(s.extraSettings());
        ObjectNode test = d.putObject("test");
        if (extra.get("berth_test_deploy_seconds") != null) {
            test.put("deploySeconds", String.valueOf(extra.get("berth_test_deploy_seconds")));
        }
        if (extra.get("berth_test_exit_code") != null) {
            test.put("exitCode", String.valueOf(extra.get("berth_test_exit_code")));
        }
        return d;
    }

    /** The command that starts the deployment; the remote shell runs it detached. */
    public static String command() {
        return "cd " + DIRECTORY + " && ./deploy.sh";
    }

    private static String yaml(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.PLAIN);
        return new Yaml(options).dump(values);
    }

    private static String script(Mode mode) {
        return resource(mode == Mode.TUTOR ? "deploy-tutor.sh" : "deploy-demo.sh");
    }

    private static String resource(String name) {
        try (InputStream in = DeployBundle.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
