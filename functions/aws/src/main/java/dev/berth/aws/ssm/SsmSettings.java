package dev.berth.aws.ssm;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Secrets stay out of the template: on AWS a function's environment names SSM parameters, and
 * this fills in their decrypted values once, at init. {@code BERTH_OPENSTACK_SSM_PATH} (every
 * parameter under it, named like the {@code OS_*} variables), {@code BERTH_SSH_KEY_SSM_PARAMETER}
 * (the private key), {@code BERTH_GITHUB_TOKEN_SSM_PARAMETER}, {@code BERTH_GANDI_TOKEN_SSM_PARAMETER} and {@code BERTH_ALERT_WEBHOOK_SSM_PARAMETER}. Values already in the
 * environment win (the local runtime and tests set them directly).
 */
public final class SsmSettings {
    private SsmSettings() {
    }

    public static Map<String, String> resolve(Map<String, String> env) {
        boolean any = env.containsKey("BERTH_OPENSTACK_SSM_PATH") || env.containsKey("BERTH_SSH_KEY_SSM_PARAMETER")
                || env.containsKey("BERTH_GITHUB_TOKEN_SSM_PARAMETER") || env.containsKey("BERTH_GANDI_TOKEN_SSM_PARAMETER")
                || env.containsKey("BERTH_ALERT_WEBHOOK_SSM_PARAMETER");
        if (!any || "true".equals(env.get("BERTH_LOCAL"))) {
            return env;
        }
        try (SsmClient ssm = dev.berth.aws.AwsClients.ssm(env)) {
            return resolve(env, ssm);
        }
    }

    static Map<String, String> resolve(Map<String, String> env, SsmClient ssm) {
        Map<String, String> out = new HashMap<>();
        String path = env.get("BERTH_OPENSTACK_SSM_PATH");
        if (path != null) {
            String token = null;
            do {
                String next = token;
                GetParametersByPathResponse page = ssm.getParametersByPath(r -> r.path(path).recursive(false).withDecryption(true).nextToken(next));
                for (Parameter p : page.parameters()) {
                    out.put(p.name().substring(p.name().lastIndexOf('/') + 1), p.value());
                }
                token = page.nextToken();
            } while (token != null);
        }
        single(ssm, env.get("BERTH_SSH_KEY_SSM_PARAMETER"), "BERTH_SSH_PRIVATE_KEY", out);
        single(ssm, env.get("BERTH_GITHUB_TOKEN_SSM_PARAMETER"), "BERTH_GITHUB_TOKEN", out);
        single(ssm, env.get("BERTH_GANDI_TOKEN_SSM_PARAMETER"), "BERTH_GANDI_TOKEN", out);
        String webhook = env.get("BERTH_ALERT_WEBHOOK_SSM_PARAMETER"); // optional: "none" when incidents go by e-mail only
        if (webhook != null && !webhook.isBlank() && !webhook.equals("none")) {
            single(ssm, webhook, "BERTH_ALERT_WEBHOOK_URL", out);
        }
        out.putAll(env);
        return out;
    }

    private static void single(SsmClient ssm, String name, String variable, Map<String, String> out) {
        if (name != null) {
            out.put(variable, ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value());
        }
    }
}
