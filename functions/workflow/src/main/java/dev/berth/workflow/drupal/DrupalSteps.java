package dev.berth.workflow.drupal;

import dev.berth.core.auth.Principal;
import dev.berth.core.data.backup.Backup;
import dev.berth.core.data.backup.BackupService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import dev.berth.core.audit.AuditEntry;
import dev.berth.core.data.DataConnections;
import dev.berth.core.data.DataKind;
import dev.berth.core.data.DataProvisioning;
import dev.berth.core.drupal.CodeItem;
import dev.berth.core.drupal.CommandExecution;
import dev.berth.core.drupal.DrupalConfig;
import dev.berth.core.drupal.DrupalWords;
import dev.berth.core.drupal.Site;
import dev.berth.core.drupal.SiteCommand;
import dev.berth.core.drupal.SiteRoute;
import dev.berth.core.drupal.SiteStatistics;
import dev.berth.core.drupal.SiteStatus;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.repository.Documents;
import dev.berth.core.service.RoutingService;
import dev.berth.workflow.step.CaughtError;
import dev.berth.workflow.step.PermanentStepException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of DeployCode, SiteLifecycle and RunCommand on the web servers. Every value put on a
 * command line was validated (names, versions, commits, sids, paths) or is single-quoted; the
 * database password reaches a site only inside its settings file.
 */
public final class DrupalSteps {

    public record CodeRef(String codeId) {
    }

    public record SiteOperation(String siteId, String operation) {
    }


    public record SiteFailure(String siteId, String operation, CaughtError failure) {
    }

    public record SiteOfExecution(String executionId, String siteId) {
    }

    public record ExecutionRef(String executionId) {
    }

    public record Outcome(String state, String reason) {
    }

    private final Documents<CodeItem> code;
    private final Documents<Site> sites;
    private final Documents<SiteRoute> routes;
    private final Documents<SiteCommand> commands;
    private final Documents<CommandExecution> executions;
    private final Documents<SiteStatistics> statistics;
    private final WebServers web;
    private final DataProvisioning data;
    private final LoadBalancer loadBalancer;
    private final BackupService backups;
    /** A site's files archive in its backups. */
    private static final String FILES = "files";
    private final RoutingService routing;
    private final DrupalConfig config;
    private final Clock clock;

    public DrupalSteps(Documents<CodeItem> code, Documents<Site> sites, Documents<SiteRoute> routes, Documents<SiteCommand> commands,
                       Documents<CommandExecution> executions, Documents<SiteStatistics> statistics, WebServers web, DataProvisioning data,
                       LoadBalancer loadBalancer, RoutingService routing, DrupalConfig config, BackupService backups, Clock clock) {
        this.backups = backups;
        this.code = code;
        this.sites = sites;
        this.routes = routes;
        this.commands = commands;
        this.executions = executions;
        this.statistics = statistics;
        this.web = web;
        this.data = data;
        this.loadBalancer = loadBalancer;
        this.routing = routing;
        this.config = config;
        this.clock = clock;
    }

    // ---- DeployCode

    /** Checks the item out at its commit on every web server, and links it as its name's current one when it is. */
    public Outcome deployCode(String codeId) {
        Optional<CodeItem> found = code.find(codeId);
        if (found.isEmpty()) {
            return new Outcome("gone", null);
        }
        CodeItem item = found.get();
        String dir = config.codeRoot() + "/" + item.checkout();
        String parent = config.codeRoot() + "/" + item.type().directory() + "/" + item.name();
        String command = "mkdir -p " + parent + " && if [ -d " + dir + "/.git ]; then cd " + dir + " && git fetch --quiet origin; else git clone --quiet "
                + DrupalWords.quote(item.gitUrl()) + " " + dir + " && cd " + dir + "; fi && git checkout --quiet " + item.commitHash();
        try {
            for (SshTarget server : web.all()) {
                web.mustRun(server, "code-" + codeId, command);
                if (item.current()) {
                    web.mustRun(server, "code-" + codeId, "ln -sfn " + item.name() + "-" + item.codeVersion() + " " + config.codeRoot() + "/"
                            + item.currentLink());
                }
            }
        } catch (RuntimeException e) {
            record(item, "failed", e.getMessage());
            throw e;
        }
        record(item, "deployed", null);
        return new Outcome("deployed", null);
    }

    private void record(CodeItem item, String state, String reason) {
        code.find(item.id()).ifPresent(current -> code.update(current, current.withDeploy(state, reason, clock.instant()), current.keys(),
                current.keys(), new AuditEntry(item.id(), "code", "deploy." + state, "system:drupal", clock.instant(), current.version(),
                current.version() + 1, "deploy of " + item.name() + " " + item.codeVersion() + " " + state + (reason == null ? "" : ": " + reason))));
    }

    // ---- SiteLifecycle

    public Outcome run(String siteId, String operation) {
        if (operation.equals("syncRoutes")) {
            return syncRoutes();
        }
        Optional<Site> found = sites.find(siteId);
        if (found.isEmpty()) {
            return new Outcome("gone", null);
        }
        Site site = found.get();
        return switch (operation) {
            case "provision" -> provision(site);
            case "install" -> install(site);
            case "launch" -> launch(site);
            case "takeDown" -> takeDown(site);
            case "restore" -> restore(site);
            case "updateCode" -> updateCode(site);
            case "backup" -> backUp(site);
            case "delete" -> delete(site);
            default -> throw new PermanentStepException("Unknown site operation " + operation, null);
        };
    }

    /** pending → available: its database on the data tier, its folder, settings file and code links on every web server, then the install. */
    private Outcome provision(Site site) {
        if (site.status() != SiteStatus.PENDING) {
            return new Outcome(site.status().wireName(), null);
        }
        data.provisionFor(owner(site), Map.of(DataKind.MYSQL, List.of("drupal")));
        List<SshTarget> servers = web.all();
        for (SshTarget server : servers) {
            prepare(server, site);
        }
        CodeItem profile = code.get(site.profileId(), "Code item");
        web.mustRun(servers.get(0), "site-" + site.id(), "drush --root=" + root(site) + " --uri=" + DrupalWords.quote(config.uri(site))
                + " site:install " + profile.name() + " -y");
        move(site, SiteStatus.AVAILABLE, null, "provisioned: database, files and install");
        return new Outcome("available", null);
    }

    private Outcome install(Site site) {
        if (site.status() != SiteStatus.INSTALLING) {
            return new Outcome(site.status().wireName(), null);
        }
        for (SshTarget server : web.all()) {
            writeSettings(server, site);
        }
        move(site, SiteStatus.INSTALLED, null, "installed for its owner: settings rewritten");
        return new Outcome("installed", null);
    }

    private Outcome launch(Site site) {
        if (site.status() != SiteStatus.LAUNCHING) {
            return new Outcome(site.status().wireName(), null);
        }
        for (SshTarget server : web.all()) {
            web.mustRun(server, "site-" + site.id(), "mkdir -p " + config.webRoot() + " && ln -sfn \"$HOME/" + root(site) + "/web\" " + config.webRoot() + "/"
                    + site.path());
        }
        Instant now = clock.instant();
        for (SiteRoute route : routes.all()) {
            if (site.id().equals(route.siteId()) && route.activeOnLaunch() && !route.active()) {
                routes.update(route, route.withStatus("active", now), route.keys(), route.keys(), null);
            }
        }
        move(site, SiteStatus.LAUNCHED, "launched", "launched at /" + site.path());
        syncRoutes();
        return new Outcome("launched", null);
    }

    private Outcome takeDown(Site site) {
        if (site.status() != SiteStatus.TAKE_DOWN) {
            return new Outcome(site.status().wireName(), null);
        }
        for (SshTarget server : web.all()) {
            web.mustRun(server, "site-" + site.id(), "rm -f " + config.webRoot() + "/" + site.path());
        }
        Instant now = clock.instant();
        for (SiteRoute route : routes.all()) {
            if (site.id().equals(route.siteId()) && route.active()) {
                routes.update(route, route.withStatus("inactive", now), route.keys(), route.keys(), null);
            }
        }
        statistics.find(site.id()).ifPresent(s -> statistics.delete(s, Set.of(), null)); // retired with the site
        move(site, SiteStatus.DOWN, null, "taken down: unlinked, its routes inactive, its statistics retired");
        syncRoutes();
        return new Outcome("down", null);
    }

    private Outcome restore(Site site) {
        if (site.status() != SiteStatus.RESTORE) {
            return new Outcome(site.status().wireName(), null);
        }
        List<SshTarget> servers = web.all();
        Optional<Backup> from = backups.restoring(owner(site));
        if (from.isPresent()) {
            Backup done = backups.runRestore(owner(site), from.get().id()); // the database, checked against its checksums
            if (!"complete".equals(done.lastRestore().state())) {
                throw new PermanentStepException("Restoring the database of " + site.id() + " from " + done.id() + " failed: "
                        + done.lastRestore().failureReason(), null);
            }
            Path archive = null;
            try {
                archive = backups.fetch(owner(site), done.id(), FILES);
                byte[] bytes = Files.readAllBytes(archive);
                for (SshTarget server : servers) {
                    web.mustRun(server, "site-" + site.id(), "mkdir -p " + root(site) + "/web/files");
                    shell().upload(server, root(site) + "/files-restore.tar.gz", bytes, 0600);
                    web.mustRun(server, "site-" + site.id(), "tar xzf " + root(site) + "/files-restore.tar.gz -C " + root(site) + "/web/files && rm -f "
                            + root(site) + "/files-restore.tar.gz");
                }
            } catch (IOException e) {
                throw new PermanentStepException("Could not read the files archive of " + done.id() + ": " + e.getMessage(), e);
            } finally {
                deleteQuietly(archive);
            }
        }
        for (SshTarget server : servers) {
            prepare(server, site);
        }
        move(site, SiteStatus.INSTALLED, null, "restored: files and settings back, ready to launch again");
        return new Outcome("installed", null);
    }

    /**
     * Makes the site's pending backups: its database through the data tier, then its files
     * (archived on the first web server) beside the dumps. A failure fails that backup, not the site.
     */
    private Outcome backUp(Site site) {
        int made = 0;
        for (Backup pending : backups.pending(owner(site))) {
            Backup dumped = backups.runBackup(owner(site), pending.id());
            if (dumped.state() != Backup.State.COMPLETE) {
                continue; // failed, with its reason, by the data tier
            }
            Path archive = null;
            try {
                archive = Files.createTempFile("berth-site-files", ".tar.gz");
                Path out = archive;
                List<String> problems = new ArrayList<>();
                try (OutputStream file = Files.newOutputStream(out)) {
                    Base64.Decoder base64 = Base64.getMimeDecoder();
                    int status = shell().run(web.all().get(0), "mkdir -p " + root(site) + "/web/files && tar czf - -C " + root(site)
                            + "/web/files . | base64", line -> {
                                try {
                                    file.write(base64.decode(line));
                                } catch (IOException | IllegalArgumentException e) {
                                    problems.add(e.getMessage());
                                }
                            });
                    if (status != 0 || !problems.isEmpty()) {
                        throw new IOException("archiving the files exited with " + status + (problems.isEmpty() ? "" : ": " + problems.get(0)));
                    }
                }
                backups.attach(owner(site), pending.id(), FILES, out);
                made++;
            } catch (IOException | RuntimeException e) {
                backups.fail(owner(site), pending.id(), "its files could not be archived: " + e.getMessage());
            } finally {
                deleteQuietly(archive);
            }
        }
        return new Outcome("backed up " + made, null);
    }

    /** Relinks the site's code, then registry rebuild, database updates and cache clear as its items' flags ask. */
    private Outcome updateCode(Site site) {
        // A backup first, as the original did before every code update: the way back if the update goes wrong.
        backups.record(Principal.system("drupal"), owner(site), "before-code-update");
        backUp(site);
        List<CodeItem> items = new ArrayList<>();
        for (String id : codeOf(site)) {
            code.find(id).ifPresent(items::add);
        }
        List<SshTarget> servers = web.all();
        for (SshTarget server : servers) {
            link(server, site);
        }
        String drush = "drush --root=" + root(site) + " --uri=" + DrupalWords.quote(config.uri(site)) + " ";
        if (items.stream().anyMatch(CodeItem::registryRebuild)) {
            web.mustRun(servers.get(0), "site-" + site.id(), drush + "registry-rebuild");
        }
        if (items.stream().anyMatch(CodeItem::updateDatabase)) {
            web.mustRun(servers.get(0), "site-" + site.id(), drush + "updatedb -y");
        }
        if (items.stream().anyMatch(CodeItem::cacheClear)) {
            web.mustRun(servers.get(0), "site-" + site.id(), drush + "cache:rebuild");
        }
        return new Outcome("updated", null);
    }

    private Outcome delete(Site site) {
        for (SshTarget server : web.all()) {
            web.mustRun(server, "site-" + site.id(), "rm -f " + config.webRoot() + "/" + site.path() + " && rm -rf " + root(site));
        }
        data.drop(owner(site));
        for (SiteRoute route : routes.all()) {
            if (site.id().equals(route.siteId())) {
                routes.delete(route, route.keys(), null);
            }
        }
        statistics.find(site.id()).ifPresent(s -> statistics.delete(s, Set.of(), null));
        Site current = sites.get(site.id(), "Site");
        sites.delete(current, current.keys(), new AuditEntry(site.id(), "site", "deleted", "system:drupal", clock.instant(), current.version(), null,
                "site " + site.id() + " deleted with its database, files and links"));
        syncRoutes();
        return new Outcome("deleted", null);
    }

    /** The state machine's catch: the site stays where it is, with the reason. */
    public Outcome fail(String siteId, String operation, CaughtError failure) {
        String reason = operation + " failed: " + (failure == null || failure.cause() == null ? "unknown" : failure.cause());
        sites.find(siteId).ifPresent(site -> sites.update(site, site.failed(reason, clock.instant()), site.keys(), site.keys(),
                new AuditEntry(siteId, "site", operation + ".failed", "system:drupal", clock.instant(), site.version(), site.version() + 1, reason)));
        return new Outcome("failed", reason);
    }

    /** Active site routes become links to their sites on every web server; then the load balancer's table is applied. */
    public Outcome syncRoutes() {
        for (SshTarget server : web.all()) {
            StringBuilder command = new StringBuilder("mkdir -p " + config.webRoot());
            for (SiteRoute route : routes.all()) {
                if (!"site".equals(route.type())) {
                    continue;
                }
                Optional<Site> site = sites.find(route.siteId());
                String link = config.webRoot() + "/" + route.source();
                if (route.active() && site.isPresent() && !route.source().equals(site.get().path())) {
                    command.append(" && mkdir -p \"$(dirname ").append(link).append(")\" && ln -sfn \"$HOME/").append(root(site.get()))
                            .append("/web\" ").append(link);
                } else if (!route.active() && site.isPresent() && !route.source().equals(site.get().path())) {
                    command.append(" && rm -f ").append(link);
                }
            }
            web.mustRun(server, "routes", command.toString());
        }
        loadBalancer.apply(routing.table());
        return new Outcome("applied", null);
    }

    // ---- RunCommand

    /** Runs the command's lines for one site; a non-zero exit is that site's failure, recorded, and the others go on. */
    public Outcome runOnSite(String executionId, String siteId) {
        CommandExecution execution = executions.get(executionId, "Command execution");
        if (execution.results().containsKey(siteId)) {
            return new Outcome("done", null);
        }
        SiteCommand command = execution.commandId().startsWith("builtin:")
                ? new SiteCommand(execution.commandId(), execution.commandId(), List.of(execution.commandId().substring(8)),
                        new dev.berth.core.drupal.SiteFilter(null, null, null, null, null), true, null, null, 0)
                : commands.get(execution.commandId(), "Command");
        Optional<Site> site = sites.find(siteId);
        long started = System.nanoTime();
        int exit = 0;
        List<String> tail = new ArrayList<>();
        if (site.isEmpty()) {
            exit = 127;
            tail.add("the site is gone");
        } else {
            List<SshTarget> servers = web.all();
            for (SshTarget server : command.singleServer() ? servers.subList(0, 1) : servers) {
                for (String line : command.commands()) {
                    StringBuilder shell = new StringBuilder("drush --root=" + root(site.get()) + " --uri=" + DrupalWords.quote(config.uri(site.get())));
                    DrupalWords.expand(line).forEach(word -> shell.append(' ').append(DrupalWords.quote(word)));
                    exit = web.run(server, "exe-" + executionId, shell.append(" 2>&1").toString(), tail); // errors belong in the tail
                    if (exit != 0) {
                        break;
                    }
                }
                if (exit != 0) {
                    break;
                }
            }
        }
        CommandExecution.SiteResult result = new CommandExecution.SiteResult(exit, (System.nanoTime() - started) / 1_000_000,
                String.join("\n", tail.subList(Math.max(0, tail.size() - 10), tail.size())));
        recordResult(executionId, siteId, result);
        return new Outcome(exit == 0 ? "passed" : "failed", null);
    }

    public Outcome finish(String executionId) {
        for (int attempt = 0; attempt < 10; attempt++) {
            CommandExecution current = executions.get(executionId, "Command execution");
            if (!current.state().equals("running")) {
                return new Outcome(current.state(), null);
            }
            CommandExecution done = new CommandExecution(current.id(), current.commandId(), "complete", current.siteIds(), current.results(),
                    current.startedAt(), clock.instant(), current.version() + 1);
            try {
                executions.update(current, done, Set.of(), Set.of(), null);
                return new Outcome("complete", null);
            } catch (dev.berth.core.error.BerthException e) {
                // a site's result landed meanwhile: read again
            }
        }
        throw new dev.berth.workflow.step.TransientStepException("The execution kept changing", null);
    }

    /** Results of concurrent sites land one at a time: a conditional write, read again when another landed first. */
    private void recordResult(String executionId, String siteId, CommandExecution.SiteResult result) {
        for (int attempt = 0; attempt < 50; attempt++) {
            CommandExecution current = executions.get(executionId, "Command execution");
            Map<String, CommandExecution.SiteResult> results = new java.util.TreeMap<>(current.results());
            results.put(siteId, result);
            CommandExecution next = new CommandExecution(current.id(), current.commandId(), current.state(), current.siteIds(), results,
                    current.startedAt(), current.finishedAt(), current.version() + 1);
            try {
                executions.update(current, next, Set.of(), Set.of(), null);
                return;
            } catch (dev.berth.core.error.BerthException e) {
                try {
                    Thread.sleep(5 + (long) (Math.random() * 20));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new dev.berth.workflow.step.TransientStepException("Could not record the result of " + siteId, null);
    }

    // ---- helpers

    private void prepare(SshTarget server, Site site) {
        web.mustRun(server, "site-" + site.id(), "mkdir -p " + root(site) + "/web/files " + config.webRoot()
                + " && test -f " + config.webRoot() + "/index.html || echo '<h1>Drupal web server</h1>' > " + config.webRoot() + "/index.html");
        link(server, site);
        writeSettings(server, site);
        web.upload(server, root(site) + "/web/index.html", "<!doctype html><title>Drupal site " + site.id() + "</title><h1>Drupal site " + site.id()
                + "</h1><p>Served at /" + site.path() + "</p>\n", 0644);
    }

    private void link(SshTarget server, Site site) {
        StringBuilder command = new StringBuilder("mkdir -p " + root(site) + "/modules " + root(site) + "/themes " + root(site) + "/libraries");
        for (String id : codeOf(site)) {
            CodeItem item = code.get(id, "Code item");
            String target = "\"$HOME/" + config.codeRoot() + "/" + item.checkout() + "\"";
            String link = switch (item.type()) {
                case CORE -> root(site) + "/core";
                case PROFILE -> root(site) + "/profile";
                case MODULE -> root(site) + "/modules/" + item.name();
                case THEME -> root(site) + "/themes/" + item.name();
                case LIBRARY -> root(site) + "/libraries/" + item.name();
                case STATIC -> root(site) + "/web/" + item.name();
            };
            command.append(" && ln -sfn ").append(target).append(' ').append(link);
        }
        web.mustRun(server, "site-" + site.id(), command.toString());
    }

    /** The settings file: the site's database (its password only here, mode 0640) and its typed settings. */
    private void writeSettings(SshTarget server, Site site) {
        DataConnections.Connection db = data.connections(owner(site)).flatMap(c -> c.of(DataKind.MYSQL))
                .orElseThrow(() -> new PermanentStepException("Site " + site.id() + " has no database", null));
        String database = db.databases().values().iterator().next();
        String settings = "<?php\n// Written by Berth for site " + site.id() + ".\n$databases['default']['default'] = [\n"
                + "  'driver' => 'mysql', 'host' => '" + db.host() + "', 'port' => '" + db.port() + "',\n"
                + "  'database' => '" + database + "', 'username' => '" + db.username() + "', 'password' => '" + db.password() + "',\n];\n"
                + "$settings['page_cache_maximum_age'] = " + site.settings().pageCacheMaxAge() + ";\n"
                + "$settings['maintenance_mode'] = " + site.settings().maintenanceMode() + ";\n"
                + (site.settings().siteName() == null ? "" : "$config['system.site']['name'] = " + phpString(site.settings().siteName()) + ";\n");
        web.upload(server, root(site) + "/settings.php", settings, 0640);
    }

    private static String phpString(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private List<String> codeOf(Site site) {
        List<String> ids = new ArrayList<>(List.of(site.coreId(), site.profileId()));
        ids.addAll(site.packages());
        return ids;
    }

    private void move(Site site, SiteStatus target, String date, String summary) {
        Site current = sites.get(site.id(), "Site");
        Site moved = current.with(target, date, clock.instant());
        sites.update(current, moved, current.keys(), moved.keys(), new AuditEntry(site.id(), "site", target.wireName(), "system:drupal", clock.instant(),
                current.version(), moved.version(), site.id() + " " + summary));
    }

    private dev.berth.core.port.RemoteShell shell() {
        return web.shell();
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file the OS cleans up
            }
        }
    }

    private String root(Site site) {
        return config.sitesRoot() + "/" + site.id();
    }

    static String owner(Site site) {
        return "site-" + site.id();
    }
}
