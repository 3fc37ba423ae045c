package dev.berth.core.jobs;

import dev.berth.core.Ids;
import dev.berth.core.auth.Principal;
import dev.berth.core.data.backup.BackupService;
import dev.berth.core.drupal.CommandExecution;
import dev.berth.core.drupal.SiteBackupService;
import dev.berth.core.drupal.Site;
import dev.berth.core.drupal.SiteService;
import dev.berth.core.drupal.SiteStatistics;
import dev.berth.core.drupal.SiteStatus;
import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Documents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Drupal fleet's scheduled jobs (EventBridge rules in the template, run-now through the jobs API). */
public final class DrupalFleetJobs {
    private static final Principal ACTOR = Principal.system("drupal-jobs");

    private DrupalFleetJobs() {
    }

    /** Keeps {@code size} sites available (or on their way): claiming one is then instant. */
    public static Job warmPool(Documents<Site> sites, SiteService service, int size) {
        return job(JobNames.DRUPAL_WARM_POOL, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_WARM_POOL);
            List<Site> all = sites.all();
            long warm = all.stream().filter(s -> s.status() == SiteStatus.AVAILABLE || s.status() == SiteStatus.PENDING && s.failureReason() == null)
                    .count();
            for (long i = warm; i < size; i++) {
                log.attempt("pool", () -> "created " + service.create(ACTOR, new SiteService.Draft(null, null, null, null, null, null, null)).site().id()
                        + " for the warm pool");
            }
            return log.report(all.size());
        });
    }

    /**
     * The routine backups: every launched or locked site gets a scheduled backup a day (the
     * previous one older than 20 hours), and keeps its newest {@code keep} scheduled ones.
     */
    public static Job backups(Documents<Site> sites, SiteBackupService siteBackups, BackupService backups, int keep, Clock clock) {
        return job(JobNames.DRUPAL_BACKUPS, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_BACKUPS);
            Instant recent = clock.instant().minus(Duration.ofHours(20));
            List<Site> all = sites.all();
            for (Site site : all) {
                if (site.status() != SiteStatus.LAUNCHED && site.status() != SiteStatus.LOCKED) {
                    continue;
                }
                String owner = SiteBackupService.owner(site.id());
                log.attempt(site.id(), () -> {
                    boolean fresh = backups.listOf(ACTOR, owner, 20, null).items().stream()
                            .anyMatch(b -> "scheduled".equals(b.trigger()) && b.createdAt().isAfter(recent));
                    int pruned = backups.prune(owner, keep);
                    return fresh ? (pruned > 0 ? "pruned " + pruned + " old backup(s) of " + site.id() : null)
                            : "backing up " + site.id() + " (" + siteBackups.backUp(ACTOR, site.id(), "scheduled").id() + ")"
                                    + (pruned > 0 ? ", pruned " + pruned : "");
                });
            }
            return log.report(all.size());
        });
    }

    /** Deletes sites stuck in {@code pending} for longer than {@code limit} (a provisioning that failed or never ran). */
    public static Job stuckPending(Documents<Site> sites, SiteService service, Duration limit, Clock clock) {
        return job(JobNames.DRUPAL_STUCK_PENDING, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_STUCK_PENDING);
            Instant cutoff = clock.instant().minus(limit);
            List<Site> all = sites.all();
            for (Site site : all) {
                if (site.status() == SiteStatus.PENDING && site.createdAt().isBefore(cutoff)) {
                    log.attempt(site.id(), () -> {
                        service.delete(ACTOR, site.id(), site.version());
                        return "deleting " + site.id() + ", pending since " + site.createdAt();
                    });
                }
            }
            return log.report(all.size());
        });
    }

    /**
     * Drush cron: every launched site each hour, installed sites every three hours spread by
     * update group ({@code group % 3 == hour % 3}).
     */
    public static Job cron(Documents<Site> sites, Documents<CommandExecution> executions, Workflows workflows, Clock clock) {
        return job(JobNames.DRUPAL_CRON, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_CRON);
            int hour = clock.instant().atZone(ZoneOffset.UTC).getHour();
            List<Site> all = sites.all();
            List<String> targets = all.stream().filter(s -> s.status() == SiteStatus.LAUNCHED
                    || s.status() == SiteStatus.INSTALLED && Math.floorMod(s.updateGroup(), 3) == hour % 3).map(Site::id).sorted().toList();
            if (!targets.isEmpty()) {
                log.attempt("cron", () -> {
                    Instant now = clock.instant();
                    CommandExecution execution = new CommandExecution("exe-" + Ids.ulid(now), "builtin:cron", "running", targets, Map.of(), now, null, 1);
                    executions.create(execution, Set.of(), null);
                    workflows.start("RunCommand", execution.id(), Json.write(Map.of("executionId", execution.id(), "siteIds", targets)));
                    return "cron over " + targets.size() + " site(s): " + execution.id();
                });
            }
            return log.report(all.size());
        });
    }

    /** Takes down installed non-production sites older than {@code age}. */
    public static Job expireInstalled(Documents<Site> sites, SiteService service, Duration age, Clock clock) {
        return job(JobNames.DRUPAL_EXPIRE_INSTALLED, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_EXPIRE_INSTALLED);
            Instant cutoff = clock.instant().minus(age);
            List<Site> all = sites.all();
            for (Site site : all) {
                Instant assigned = site.dates().getOrDefault("assigned", site.createdAt());
                if (site.status() == SiteStatus.INSTALLED && !"prod".equals(site.environment()) && assigned.isBefore(cutoff)) {
                    log.attempt(site.id(), () -> {
                        service.transition(ACTOR, site.id(), site.version(), SiteStatus.TAKE_DOWN);
                        return "taking down " + site.id() + ", installed since " + assigned;
                    });
                }
            }
            return log.report(all.size());
        });
    }

    /** Replaces available sites older than a day: a routine integration test of provisioning (the warm pool job refills). */
    public static Job replaceAvailable(Documents<Site> sites, SiteService service, Clock clock) {
        return job(JobNames.DRUPAL_REPLACE_AVAILABLE, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_REPLACE_AVAILABLE);
            Instant cutoff = clock.instant().minus(Duration.ofDays(1));
            List<Site> all = sites.all();
            for (Site site : all) {
                if (site.status() == SiteStatus.AVAILABLE && site.createdAt().isBefore(cutoff)) {
                    log.attempt(site.id(), () -> {
                        service.delete(ACTOR, site.id(), site.version());
                        return "replacing available site " + site.id() + " (from " + site.createdAt() + ")";
                    });
                }
            }
            return log.report(all.size());
        });
    }

    /** Flags statistics older than 36 hours; removes statistics whose site is gone. */
    public static Job statistics(Documents<SiteStatistics> statistics, Documents<Site> sites, Clock clock) {
        return job(JobNames.DRUPAL_STATISTICS, () -> {
            JobLog log = new JobLog(JobNames.DRUPAL_STATISTICS);
            Instant stale = clock.instant().minus(Duration.ofHours(36));
            List<SiteStatistics> all = statistics.all();
            for (SiteStatistics stats : all) {
                if (sites.find(stats.id()).isEmpty()) {
                    log.attempt(stats.id(), () -> {
                        statistics.delete(stats, Set.of(), null);
                        return "removed the statistics of " + stats.id() + ", whose site is gone";
                    });
                } else if (stats.updatedAt().isBefore(stale)) {
                    log.problem("statistics of " + stats.id() + " are stale (last " + stats.updatedAt() + ")");
                }
            }
            return log.report(all.size());
        });
    }

    private interface Run {
        JobReport run();
    }

    private static Job job(String name, Run run) {
        return new Job() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public JobReport run() {
                return run.run();
            }
        };
    }
}
