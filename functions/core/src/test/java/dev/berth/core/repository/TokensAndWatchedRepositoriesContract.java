package dev.berth.core.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.core.audit.AuditEntry;
import dev.berth.core.auth.ApiToken;
import dev.berth.core.auth.Role;
import dev.berth.core.domain.WatchedRepository;
import dev.berth.core.error.BerthException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, watched repositories and leases behave alike in every adapter. */
public abstract class TokensAndWatchedRepositoriesContract extends RepositoryContract {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static AuditEntry entry(String target) {
        return new AuditEntry(target, "test", "create", "t", T, null, 1L, "");
    }

    @Test
    public void tokensAreListedNewestFirstAndDeletedOnlyAtTheirVersion() {
        for (int i = 0; i < 5; i++) {
            repositories.tokens().create(new ApiToken("tok" + i, "t" + i, Role.VIEWER, "hash" + i, "t", T.plusSeconds(i), 1), entry("tok" + i));
        }
        BerthException duplicate = assertThrows(BerthException.class,
                () -> repositories.tokens().create(new ApiToken("tok1", "again", Role.ADMIN, "h", "t", T, 1), entry("tok1")));
        assertEquals("already_exists", duplicate.code());
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page<ApiToken> page = repositories.tokens().list(2, cursor);
            page.items().forEach(t -> ids.add(t.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(List.of("tok4", "tok3", "tok2", "tok1", "tok0"), ids.stream().filter(id -> id.startsWith("tok")).toList());
        ApiToken token = repositories.tokens().find("tok2").orElseThrow();
        BerthException stale = assertThrows(BerthException.class, () -> repositories.tokens().delete(
                new ApiToken(token.id(), token.name(), token.role(), token.hash(), token.createdBy(), token.createdAt(), 7), null, entry("tok2")));
        assertEquals(1L, stale.currentVersion());
        repositories.tokens().delete(token, null, entry("tok2"));
        assertTrue(repositories.tokens().find("tok2").isEmpty(), "a deleted token is gone for the next reader");
        assertEquals(BerthException.Kind.NOT_FOUND, assertThrows(BerthException.class, () -> repositories.tokens().delete(token, null, entry("tok2"))).kind());
    }

    @Test
    public void anAdminTokenGoesOnlyWhileTheAdminNamedToRemainExists() {
        ApiToken first = new ApiToken("adm1", "a1", Role.ADMIN, "h1", "t", T, 1);
        ApiToken second = new ApiToken("adm2", "a2", Role.ADMIN, "h2", "t", T, 1);
        repositories.tokens().create(first, entry("adm1"));
        repositories.tokens().create(second, entry("adm2"));
        repositories.tokens().delete(first, "adm2", entry("adm1"));
        BerthException last = assertThrows(BerthException.class, () -> repositories.tokens().delete(second, "adm1", entry("adm2")));
        assertEquals("last_admin", last.code());
        assertTrue(repositories.tokens().find("adm2").isPresent(), "the refused revocation changed nothing");
    }

    private static WatchedRepository repo(String id, String fullName) {
        return new WatchedRepository(id, fullName, "example.com", null, List.of(), null, null, null, null,
                Set.of("OWNER"), null, 5, 7, true, T, T, 1);
    }

    @Test
    public void aRepositoryIsWatchedOnceWhateverTheCaseOfItsName() {
        repositories.watchedRepositories().create(repo("wr-1", "Octo/Hello"), entry("wr-1"));
        BerthException e = assertThrows(BerthException.class,
                () -> repositories.watchedRepositories().create(repo("wr-2", "octo/hello"), entry("wr-2")));
        assertEquals("already_watched", e.code());
        assertEquals("wr-1", repositories.watchedRepositories().findByFullName("OCTO/HELLO").orElseThrow().id());
        WatchedRepository stored = repositories.watchedRepositories().get("wr-1");
        repositories.watchedRepositories().delete(stored, entry("wr-1"));
        assertTrue(repositories.watchedRepositories().findByFullName("octo/hello").isEmpty());
        repositories.watchedRepositories().create(repo("wr-3", "octo/hello"), entry("wr-3"));
        assertEquals(List.of("wr-3"), repositories.watchedRepositories().list(10, null).items().stream().map(WatchedRepository::id).toList());
        assertNull(repositories.watchedRepositories().list(10, null).nextCursor());
    }

    @Test
    public void aLeaseHasOneHolderUntilItRunsOutOrIsReleased() {
        assertTrue(repositories.leases().acquire("job:x", "a", Duration.ofMinutes(1), T));
        assertTrue(!repositories.leases().acquire("job:x", "b", Duration.ofMinutes(1), T.plusSeconds(30)));
        assertTrue(repositories.leases().acquire("job:x", "a", Duration.ofMinutes(1), T.plusSeconds(30)), "the holder extends it");
        assertTrue(repositories.leases().acquire("job:x", "b", Duration.ofMinutes(1), T.plusSeconds(200)), "a lease runs out");
        repositories.leases().release("job:x", "a");
        assertTrue(!repositories.leases().acquire("job:x", "c", Duration.ofMinutes(1), T.plusSeconds(201)), "only the holder releases");
        repositories.leases().release("job:x", "b");
        assertTrue(repositories.leases().acquire("job:x", "c", Duration.ofMinutes(1), T.plusSeconds(202)));
    }
}
