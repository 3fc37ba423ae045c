package dev.berth.core.profile;

import dev.berth.core.repository.Document;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named defaults for new instances ({@code production}, {@code sandbox}...): instance settings
 * (release, Tutor version, databases ephemeral or persistent, rebuild schedule...) that an
 * instance created with {@code "profile": name} starts from, its own fields winning. The id is
 * the name.
 */
public record SettingProfile(String id, String description, Map<String, Object> defaults, Instant createdAt, Instant updatedAt, long version)
        implements Document {

    public SettingProfile {
        defaults = new LinkedHashMap<>(defaults);
    }
}
