package dev.berth.core.service;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.AuditLog;
import dev.berth.core.repository.Page;

/** Admins read who did what to an item. */
public final class AuditService {
    private final AuditLog audit;

    public AuditService(AuditLog audit) {
        this.audit = audit;
    }

    public Page<AuditEntry> list(Principal caller, String target, int limit, String cursor) {
        caller.require(Role.ADMIN);
        if (target == null || target.isBlank()) {
            throw BerthException.invalid("target", "is required: the id of an instance, app server or token");
        }
        return audit.list(target, limit, cursor);
    }
}
