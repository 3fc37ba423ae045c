package dev.berth.core.jobs;

import java.util.List;

/** The scheduled jobs by name: the template's schedules and {@code POST /api/v1/jobs/{name}/run} use these. */
public final class JobNames {
    public static final String CLEANUP_APP_SERVERS = "cleanup-appservers";
    public static final String STUCK_APP_SERVERS = "stuck-appservers";
    public static final String ARCHIVE_CLOSED_SANDBOXES = "archive-closed-sandboxes";
    public static final String ORPHAN_VMS = "orphan-vms";
    public static final String RECONCILE_PULL_REQUESTS = "reconcile-pull-requests";
    public static final String BACKUP_INSTANCES = "backup-instances";
    public static final String DRUPAL_WARM_POOL = "drupal-warm-pool";
    public static final String DRUPAL_STUCK_PENDING = "drupal-stuck-pending";
    public static final String DRUPAL_CRON = "drupal-cron";
    public static final String DRUPAL_EXPIRE_INSTALLED = "drupal-expire-installed";
    public static final String DRUPAL_REPLACE_AVAILABLE = "drupal-replace-available";
    public static final String DRUPAL_STATISTICS = "drupal-statistics";
    public static final String DRUPAL_BACKUPS = "drupal-backups";
    public static final String MONITOR_INSTANCES = "monitor-instances";
    public static final String REBUILD_INSTANCES = "rebuild-instances";
    public static final String RENEW_CERTIFICATES = "renew-certificates";
    public static final String ACTIVITY_REPORT = "activity-report";
    public static final String VM_POOL = "vm-pool";
    public static final List<String> ALL = List.of(CLEANUP_APP_SERVERS, STUCK_APP_SERVERS, ARCHIVE_CLOSED_SANDBOXES, ORPHAN_VMS,
            RECONCILE_PULL_REQUESTS, BACKUP_INSTANCES, DRUPAL_WARM_POOL, DRUPAL_STUCK_PENDING, DRUPAL_CRON, DRUPAL_EXPIRE_INSTALLED,
            DRUPAL_REPLACE_AVAILABLE, DRUPAL_STATISTICS, DRUPAL_BACKUPS, MONITOR_INSTANCES, REBUILD_INSTANCES,
            RENEW_CERTIFICATES, ACTIVITY_REPORT, VM_POOL);

    private JobNames() {
    }
}
