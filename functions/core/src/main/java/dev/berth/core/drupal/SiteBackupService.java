package dev.berth.core.drupal;

import dev.berth.core.auth.Principal;
import dev.berth.core.auth.Role;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.error.BerthException;
import dev.berth.core.repository.Documents;
import dev.berth.core.repository.Page;
import java.util.Map;

/**
 * A Drupal site's backups, through the data tier's: its database dumped and its files archived
 * to object storage, by the site's lifecycle on the web servers ({@code backup}); restored into a
 * site that is down (its status {@code restore}), which comes back installed.
 */
public final class SiteBackupService {
    private final Documents<Site> sites;
    private final BackupService backups;
    private final SiteService lifecycle;

    public SiteBackupService(Documents<Site> sites, BackupService backups, SiteService lifecycle) {
        this.sites = sites;
        this.backups = backups;
        this.lifecycle = lifecycle;
    }

    /** The data set owner of a site's database. */
    public static String owner(String siteId) {
        return "site-" + siteId;
    }

    /** @param trigger {@code manual}, {@code scheduled} or {@code before-code-update} */
    public Backup backUp(Principal caller, String siteId, String trigger) {
        caller.require(Role.MANAGER);
        Site site = sites.get(siteId, "Site");
        Backup backup = backups.record(caller, owner(siteId), trigger); // 409 until the site's database exists
        lifecycle.startBackup(site, backup.id());
        return backup;
    }

    public Page<Backup> list(Principal caller, String siteId, int limit, String cursor) {
        caller.require(Role.VIEWER);
        sites.get(siteId, "Site");
        return backups.listOf(caller, owner(siteId), limit, cursor);
    }

    public Backup get(Principal caller, String siteId, String backupId) {
        return backups.get(caller, owner(siteId), backupId);
    }

    /** {@code expectedVersion} (the If-Match) is read after the role check: a viewer is refused whatever it sent. */
    public void delete(Principal caller, String siteId, String backupId, java.util.function.Supplier<Long> expectedVersion) {
        caller.require(Role.MANAGER);
        backups.delete(caller, owner(siteId), backupId, expectedVersion.get());
    }

    /**
     * Restores a backup into a site that is down: the site moves to {@code restore} and its
     * lifecycle puts the database and the files back, then the site is {@code installed}.
     */
    public Site restore(Principal caller, String siteId, String backupId, Long expectedSiteVersion) {
        caller.require(Role.MANAGER);
        Site site = sites.get(siteId, "Site");
        if (expectedSiteVersion != null && expectedSiteVersion != site.version()) {
            throw BerthException.stale(site.version());
        }
        if (site.status() != SiteStatus.DOWN) {
            throw BerthException.conflict("site_not_down", "Site " + siteId + " is " + site.status().wireName()
                    + ": take it down first, then restore a backup into it", Map.of());
        }
        backups.beginRestore(caller, owner(siteId), backupId);
        return lifecycle.transition(caller, siteId, site.version(), SiteStatus.RESTORE);
    }
}
