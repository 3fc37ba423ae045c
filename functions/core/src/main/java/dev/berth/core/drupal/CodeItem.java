package dev.berth.core.drupal;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A piece of Drupal code at a commit: core, an install profile, a module, theme, library or
 * static files. {@code codeVersion} is the item's own version (e.g. {@code 10.3.1});
 * {@code version} the record's, for If-Match. One item per name and type is {@code current}.
 *
 * @param deploy {@code pending}, {@code deployed} or {@code failed} (with {@code deployReason}): its checkout on the web servers
 */
public record CodeItem(String id, String name, String codeVersion, Type type, String label, boolean current, List<String> tags, String gitUrl,
                       String commitHash, boolean registryRebuild, boolean cacheClear, boolean updateDatabase, String deploy, String deployReason,
                       Instant createdAt, Instant updatedAt, long version) implements Document {

    public enum Type {
        CORE("core"), PROFILE("profiles"), MODULE("modules"), THEME("themes"), LIBRARY("libraries"), STATIC("static");

        private final String directory;

        Type(String directory) {
            this.directory = directory;
        }

        /** Where the type's checkouts live under the code root. */
        public String directory() {
            return directory;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Type> fromWire(String value) {
            for (Type type : values()) {
                if (type.wireName().equals(value)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    public CodeItem {
        tags = List.copyOf(tags);
    }

    @Override
    public String sortKey() {
        return type.wireName() + "#" + name + "#" + codeVersion;
    }

    /** The checkout's folder, relative to the code root: {@code <type dir>/<name>/<name>-<version>}. */
    public String checkout() {
        return type.directory() + "/" + name + "/" + name + "-" + codeVersion;
    }

    /** The link to the current checkout of the name: {@code <type dir>/<name>/<name>-current}. */
    public String currentLink() {
        return type.directory() + "/" + name + "/" + name + "-current";
    }

    /** Unique keys: name+version+type, and the commit. */
    public java.util.Set<String> keys() {
        return java.util.Set.of("code:" + type.wireName() + ":" + name + ":" + codeVersion, "commit:" + commitHash);
    }

    public CodeItem withCurrent(boolean isCurrent, Instant now) {
        return new CodeItem(id, name, codeVersion, type, label, isCurrent, tags, gitUrl, commitHash, registryRebuild, cacheClear, updateDatabase,
                deploy, deployReason, createdAt, now, version + 1);
    }

    public CodeItem withDeploy(String state, String reason, Instant now) {
        return new CodeItem(id, name, codeVersion, type, label, current, tags, gitUrl, commitHash, registryRebuild, cacheClear, updateDatabase,
                state, reason, createdAt, now, version + 1);
    }
}
