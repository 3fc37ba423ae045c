package dev.berth.core.auth;

import java.time.Instant;

/** A stored API token: everything but the secret, which only its hash stands for. */
public record ApiToken(String id, String name, Role role, String hash, String createdBy, Instant createdAt, long version) {
}
