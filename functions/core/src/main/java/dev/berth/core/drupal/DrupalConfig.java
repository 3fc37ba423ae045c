package dev.berth.core.drupal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the Drupal fleet is laid out: the host its sites answer on ({@code BERTH_DRUPAL_HOST}, sites
 * at {@code /<path>}), the default core and profile names, the paths no site may take, the warm
 * pool's size, and the folders on the web servers (relative to the SSH user's home).
 */
public record DrupalConfig(String sitesHost, String defaultCore, String defaultProfile, Set<String> protectedPaths, int warmPool,
                           String codeRoot, String sitesRoot, String webRoot, String scheme, int publicPort) {

    public static DrupalConfig fromEnvironment(Map<String, String> env) {
        String base = env.getOrDefault("BERTH_BASE_DOMAIN", "localhost");
        return new DrupalConfig(env.getOrDefault("BERTH_DRUPAL_HOST", "sites." + base),
                env.getOrDefault("BERTH_DRUPAL_DEFAULT_CORE", "drupal"),
                env.getOrDefault("BERTH_DRUPAL_DEFAULT_PROFILE", "standard"),
                Arrays.stream(env.getOrDefault("BERTH_DRUPAL_PROTECTED_PATHS", "admin,api,user,node,sites,core,modules,themes,profiles,domainroot")
                        .split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                Integer.parseInt(env.getOrDefault("BERTH_DRUPAL_WARM_POOL", "5")),
                env.getOrDefault("BERTH_DRUPAL_CODE_ROOT", "drupal/code"),
                env.getOrDefault("BERTH_DRUPAL_SITES_ROOT", "drupal/sites"),
                env.getOrDefault("BERTH_DRUPAL_WEB_ROOT", "www"),
                env.getOrDefault("BERTH_PUBLIC_SCHEME", "https"),
                Integer.parseInt(env.getOrDefault("BERTH_PUBLIC_PORT", "0")));
    }

    /** A site's address (drush's --uri). */
    public String uri(Site site) {
        boolean defaultPort = publicPort == 0 || publicPort == 443 && scheme.equals("https") || publicPort == 80 && scheme.equals("http");
        return scheme + "://" + sitesHost + (defaultPort ? "" : ":" + publicPort) + "/" + site.path();
    }

    public static List<String> environments() {
        return List.of("dev", "test", "prod");
    }
}
