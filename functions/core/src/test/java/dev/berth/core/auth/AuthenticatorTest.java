package dev.berth.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.BerthCore;
import dev.berth.core.error.BerthException;
import dev.berth.core.testing.TestCore;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private final BerthCore core = TestCore.create();

    @Test
    void theBootstrapTokenIsAnAdmin() {
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        assertEquals(Role.ADMIN, admin.role());
    }

    @Test
    void createdTokensWorkWithTheirRoleAndAreStoredOnlyAsHashes() {
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        var created = core.tokens().create(admin, "ci", Role.VIEWER);
        assertTrue(created.secret().startsWith("brt_" + created.token().id() + "_"));
        Principal viewer = core.authenticator().authenticate("Bearer " + created.secret());
        assertEquals(Role.VIEWER, viewer.role());
        assertEquals("ci", viewer.tokenName());
        ApiToken stored = core.repositories().tokens().find(created.token().id()).orElseThrow();
        assertFalse(stored.toString().contains(created.secret().substring(17)), "the secret is not stored");
        assertEquals(TokenFormat.hash(created.secret()), stored.hash());
    }

    @Test
    void revokedAndWrongTokensAreRefused() {
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        var created = core.tokens().create(admin, "temp", Role.MANAGER);
        core.authenticator().authenticate("Bearer " + created.secret());
        core.tokens().revoke(admin, created.token().id(), 1L);
        assertEquals(BerthException.Kind.UNAUTHORIZED, assertThrows(BerthException.class,
                () -> core.authenticator().authenticate("Bearer " + created.secret())).kind());
        String forged = created.secret().substring(0, created.secret().length() - 1) + "x";
        assertThrows(BerthException.class, () -> core.authenticator().authenticate("Bearer " + forged));
        assertThrows(BerthException.class, () -> core.authenticator().authenticate(null));
        assertThrows(BerthException.class, () -> core.authenticator().authenticate("Basic abc"));
        assertThrows(BerthException.class, () -> core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN + "x"));
    }
}
