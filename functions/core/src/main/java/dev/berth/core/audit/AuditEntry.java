package dev.berth.core.audit;

import java.time.Instant;

/**
 * One line of the audit log: who ({@code actor}, a token id and name) did what ({@code action})
 * to which item ({@code target}), when, and the item's version before and after (null when the
 * item did not exist before or does not exist after).
 */
public record AuditEntry(String target, String targetType, String action, String actor, Instant at,
                         Long oldVersion, Long newVersion, String summary) {
}
