package dev.berth.core.testing.memory;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.ApiTokens;
import dev.berth.core.repository.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ApiTokens} in memory. */
final class InMemoryApiTokens implements ApiTokens {
    private final MemoryTable table;
    private final Map<String, ApiToken> byId = new HashMap<>();

    InMemoryApiTokens(MemoryTable table) {
        this.table = table;
    }

    @Override
    public Optional<ApiToken> find(String id) {
        synchronized (table.lock) {
            return Optional.ofNullable(byId.get(id));
        }
    }

    @Override
    public void create(ApiToken token, AuditEntry entry) {
        synchronized (table.lock) {
            if (byId.containsKey(token.id())) {
                throw BerthException.conflict("already_exists", "Token " + token.id() + " already exists", Map.of());
            }
            byId.put(token.id(), token);
            table.audit.add(entry);
        }
    }

    private boolean bootstrapped;

    @Override
    public void createBootstrapAdmin(ApiToken token, AuditEntry entry) {
        synchronized (table.lock) {
            if (bootstrapped) {
                throw BerthException.conflict("already_bootstrapped", "This stack's first admin token was already made; ask an admin for a token",
                        Map.of());
            }
            bootstrapped = true;
            byId.put(token.id(), token);
            table.audit.add(entry);
        }
    }

    @Override
    public boolean bootstrapped() {
        synchronized (table.lock) {
            return bootstrapped;
        }
    }

    @Override
    public void put(ApiToken token) {
        synchronized (table.lock) {
            byId.put(token.id(), token);
        }
    }

    @Override
    public void delete(ApiToken token, String remainingAdminId, AuditEntry entry) {
        synchronized (table.lock) {
            ApiToken stored = byId.get(token.id());
            MemoryTable.checkVersion("Token", token.id(), stored == null ? null : stored.version(), token.version());
            ApiToken remaining = remainingAdminId == null ? null : byId.get(remainingAdminId);
            if (remainingAdminId != null && (remaining == null || remaining.role() != dev.berth.core.auth.Role.ADMIN)) {
                throw BerthException.conflict("last_admin", "Token " + token.id() + " is the last admin token: create another admin token first",
                        Map.of());
            }
            byId.remove(token.id());
            table.audit.add(entry);
        }
    }

    @Override
    public Page<ApiToken> list(int limit, String cursor) {
        synchronized (table.lock) {
            return table.page(new ArrayList<>(byId.values()), t -> t.createdAt() + "#" + t.id(), true, "tokens", cursor, limit);
        }
    }
}
