package dev.berth.aws.ssm;

import dev.berth.aws.AwsClients;
import dev.berth.core.port.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * {@link SecretStore} on SSM Parameter Store: SecureString parameters under the stack's prefix
 * ({@code BERTH_SECRETS_SSM_PREFIX}, e.g. {@code /berth/prod/secrets}), encrypted with the
 * account's SSM key, read with decryption.
 */
public final class SsmSecretStore implements SecretStore {
    private final SsmClient ssm;
    private final String prefix;

    public SsmSecretStore(SsmClient ssm, String prefix) {
        this.ssm = ssm;
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }

    public static SsmSecretStore fromEnvironment(Map<String, String> env) {
        return new SsmSecretStore(AwsClients.ssm(env), env.getOrDefault("BERTH_SECRETS_SSM_PREFIX", "/berth/secrets"));
    }

    @Override
    public Optional<String> get(String name) {
        try {
            return Optional.of(ssm.getParameter(r -> r.name(path(name)).withDecryption(true)).parameter().value());
        } catch (ParameterNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void put(String name, String value) {
        write(name, value, true);
    }

    @Override
    public String putIfAbsent(String name, String value) {
        try {
            write(name, value, false);
            return value;
        } catch (ParameterAlreadyExistsException e) {
            return get(name).orElse(value);
        }
    }

    private void write(String name, String value, boolean overwrite) {
        // Advanced tier for values over 4 KB (an RSA key in PEM fits the standard tier).
        ParameterTier tier = value.length() > 4096 ? ParameterTier.ADVANCED : ParameterTier.STANDARD;
        ssm.putParameter(r -> r.name(path(name)).value(value).type(ParameterType.SECURE_STRING).overwrite(overwrite).tier(tier));
    }

    @Override
    public void delete(String name) {
        try {
            ssm.deleteParameter(r -> r.name(path(name)));
        } catch (ParameterNotFoundException e) {
            // gone already
        }
    }

    @Override
    public List<String> names(String namePrefix) {
        String parent = path(namePrefix.contains("/") ? namePrefix.substring(0, namePrefix.lastIndexOf('/')) : "");
        List<String> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            GetParametersByPathResponse page = ssm.getParametersByPath(r -> r.path(parent).recursive(true).withDecryption(false).nextToken(next));
            page.parameters().stream().map(p -> p.name().substring(prefix.length() + 1)).filter(n -> n.startsWith(namePrefix)).forEach(out::add);
            token = page.nextToken();
        } while (token != null);
        return out.stream().sorted().toList();
    }

    private String path(String name) {
        return name.isEmpty() ? prefix : prefix + "/" + name;
    }
}
