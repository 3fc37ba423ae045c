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

    /** Regression (issue 18.1): each function cached authentications for 30 s and only the revoking one forgot. */
    @Test
    void aRevokedTokenIsRefusedByEveryFunctionOnceTheRevocationIsAnswered() {
        BerthCore otherFunction = TestCore.create(core.repositories(), new dev.berth.core.testing.RecordingWorkflows());
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        var created = core.tokens().create(admin, "second admin", Role.ADMIN);
        assertEquals(Role.ADMIN, otherFunction.authenticator().authenticate("Bearer " + created.secret()).role(), "warm in the other function");
        core.tokens().revoke(admin, created.token().id(), null);
        assertEquals(BerthException.Kind.UNAUTHORIZED, assertThrows(BerthException.class,
                () -> otherFunction.authenticator().authenticate("Bearer " + created.secret())).kind());
        assertEquals(BerthException.Kind.UNAUTHORIZED, assertThrows(BerthException.class,
                () -> core.authenticator().authenticate("Bearer " + created.secret())).kind());
    }

    /** Regression (issue 18.8): the last admin token could be revoked, leaving nobody able to create tokens. */
    @Test
    void theLastAdminTokenCannotBeRevoked() {
        Principal admin = core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN);
        BerthException last = assertThrows(BerthException.class, () -> core.tokens().revoke(admin, admin.tokenId(), null));
        assertEquals("last_admin", last.code());
        assertEquals(Role.ADMIN, core.authenticator().authenticate("Bearer " + TestCore.ADMIN_TOKEN).role());
        var other = core.tokens().create(admin, "other admin", Role.ADMIN);
        core.tokens().revoke(admin, admin.tokenId(), null);
        Principal otherAdmin = core.authenticator().authenticate("Bearer " + other.secret());
        assertEquals("last_admin", assertThrows(BerthException.class,
                () -> core.tokens().revoke(otherAdmin, other.token().id(), null)).code());
    }

    /** Regression (issue 18.8): the header was trimmed, control characters included. */
    @Test
    void theAuthorizationHeaderIsParsedStrictly() {
        for (String header : new String[] {"Bearer  " + TestCore.ADMIN_TOKEN, "Bearer " + TestCore.ADMIN_TOKEN + "\u0000",
                "\tBearer " + TestCore.ADMIN_TOKEN, "Bearer " + TestCore.ADMIN_TOKEN + "\r\n", "Bearer\t" + TestCore.ADMIN_TOKEN,
                " Bearer " + TestCore.ADMIN_TOKEN, "Bearer " + TestCore.ADMIN_TOKEN + " x"}) {
            assertEquals(BerthException.Kind.UNAUTHORIZED, assertThrows(BerthException.class,
                    () -> core.authenticator().authenticate(header)).kind(), header);
        }
        assertEquals(Role.ADMIN, core.authenticator().authenticate("bearer " + TestCore.ADMIN_TOKEN).role(), "the scheme is case-insensitive");
    }
}
