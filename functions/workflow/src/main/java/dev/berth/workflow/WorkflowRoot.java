package dev.berth.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.aws.AwsClients;
import dev.berth.aws.dynamo.DynamoRepositories;
import dev.berth.aws.ssm.SsmSecretStore;
import dev.berth.aws.ssm.SsmSettings;
import dev.berth.aws.stepfunctions.StepFunctionsWorkflows;
import dev.berth.aws.s3.S3ObjectStorage;
import dev.berth.core.BerthCore;
import static dev.berth.core.Suppliers.once;
import dev.berth.core.data.DataTier;
import dev.berth.core.services.ServiceDatabases;
import dev.berth.core.port.ObjectStorage;
import dev.berth.data.DataAdmins;
import dev.berth.workflow.data.DataSteps;
import dev.berth.workflow.data.DataStepsHandler;
import dev.berth.core.nodes.NodeConfig;
import dev.berth.core.nodes.NodeWorkloads;
import dev.berth.core.services.ServiceRoutes;
import dev.berth.core.services.ServiceWorkloads;
import dev.berth.core.drupal.Drupal;
import dev.berth.core.drupal.DrupalConfig;
import dev.berth.core.jobs.DrupalFleetJobs;
import dev.berth.core.drupal.SiteBackupService;
import dev.berth.core.drupal.DrupalRoutes;
import dev.berth.workflow.drupal.DrupalSteps;
import dev.berth.workflow.drupal.DrupalStepsHandler;
import dev.berth.workflow.drupal.WebServers;
import dev.berth.workflow.nodes.NodeSteps;
import dev.berth.workflow.nodes.NodeStepsHandler;
import dev.berth.workflow.services.ServiceSteps;
import dev.berth.workflow.services.ServiceStepsHandler;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.port.ComputeProvider;
import dev.berth.core.port.Dns;
import dev.berth.core.port.GitHub;
import dev.berth.core.port.LoadBalancer;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.SecretStore;
import dev.berth.core.openedx.OpenEdxSecrets;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.sandbox.SandboxService;
import dev.berth.github.rest.GitHubRestClient;
import dev.berth.workflow.jobs.JobsHandler;
import dev.berth.workflow.launch.LaunchStepsHandler;
import dev.berth.workflow.routing.RoutingStepsHandler;
import dev.berth.workflow.sandbox.SandboxStepsHandler;
import dev.berth.workflow.terminate.TerminateStepsHandler;
import dev.berth.core.jobs.ArchiveClosedSandboxesJob;
import dev.berth.core.jobs.BackupInstancesJob;
import dev.berth.core.jobs.CleanupAppServersJob;
import dev.berth.core.jobs.JobRunner;
import dev.berth.core.jobs.OrphanVmsJob;
import dev.berth.core.jobs.VmPoolJob;
import dev.berth.core.pool.VmPool;
import dev.berth.core.pool.VmPoolSpec;
import dev.berth.core.jobs.ReconcilePullRequestsJob;
import dev.berth.core.jobs.StuckAppServersJob;
import dev.berth.core.jobs.MonitorInstancesJob;
import dev.berth.core.jobs.RenewCertificatesJob;
import dev.berth.core.jobs.ActivityReportJob;
import dev.berth.core.report.ActivityReportService;
import dev.berth.core.report.ActivityReports;
import dev.berth.core.port.CertificateAuthority;
import dev.berth.core.tls.CertificateService;
import dev.berth.network.acme.AcmeCertificateAuthority;
import dev.berth.core.jobs.RebuildInstancesJob;
import dev.berth.core.campaign.CampaignService;
import dev.berth.core.monitoring.InstanceMonitor;
import dev.berth.core.port.Notifier;
import dev.berth.aws.ses.SesNotifier;
import dev.berth.network.notify.WebhookNotifier;
import dev.berth.core.repository.Fleet;
import dev.berth.core.service.RoutingRequests;
import dev.berth.core.service.RoutingService;
import dev.berth.workflow.campaigns.CampaignSteps;
import dev.berth.workflow.campaigns.CampaignStepsHandler;
import dev.berth.workflow.launch.LaunchSettings;
import dev.berth.workflow.launch.LaunchSteps;
import dev.berth.workflow.routing.RoutingSteps;
import dev.berth.workflow.terminate.TerminateSteps;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The composition root of the workflow package: the adapters the state machines' steps and the
 * jobs run on, chosen once per function instance with plain constructors. Cloud adapters are
 * built on first use, so a function only needs the credentials of what it touches.
 */
public final class WorkflowRoot {

    /** The adapters a workflow function needs; cloud ones are suppliers (built when first asked). */
    public record Adapters(Repositories repositories, Workflows workflows, Supplier<ComputeProvider> compute,
                           Supplier<RemoteShell> shell, Supplier<LoadBalancer> loadBalancer, Supplier<Dns> dns,
                           Supplier<GitHub> github, Supplier<SecretStore> secrets, Function<String, ObjectStorage> buckets,
                           Supplier<List<Notifier>> notifiers, Function<SecretStore, CertificateAuthority> certificateAuthority) {
    }

    /** Every Lambda handler of this package by class name, as template.yaml's {@code Handler} names it. */
    public static final Map<String, Function<WorkflowRoot, RequestStreamHandler>> HANDLERS = Map.of(
            LaunchStepsHandler.class.getName(), LaunchStepsHandler::new,
            RoutingStepsHandler.class.getName(), RoutingStepsHandler::new,
            TerminateStepsHandler.class.getName(), TerminateStepsHandler::new,
            SandboxStepsHandler.class.getName(), SandboxStepsHandler::new,
            DataStepsHandler.class.getName(), DataStepsHandler::new,
            NodeStepsHandler.class.getName(), NodeStepsHandler::new,
            ServiceStepsHandler.class.getName(), ServiceStepsHandler::new,
            DrupalStepsHandler.class.getName(), DrupalStepsHandler::new,
            JobsHandler.class.getName(), JobsHandler::new,
            CampaignStepsHandler.class.getName(), CampaignStepsHandler::new);

    private final Map<String, String> environment;
    private final BerthCore core;
    private final Supplier<ComputeProvider> compute;
    private final Supplier<RemoteShell> shell;
    private final Supplier<LoadBalancer> loadBalancer;
    private final Supplier<Dns> dns;
    private final Supplier<GitHub> github;
    private final Supplier<SecretStore> secrets;
    private final Function<SecretStore, CertificateAuthority> certificateAuthority;
    private final Supplier<ObjectStorage> backupStorage;
    private final DataTier dataTier;
    private final Supplier<List<Notifier>> notifiers;

    public WorkflowRoot(Map<String, String> environment, Adapters adapters) {
        this.environment = Map.copyOf(environment);
        this.core = new BerthCore(BerthConfig.fromEnvironment(environment), adapters.repositories(), adapters.workflows(), Clock.systemUTC());
        this.compute = once(adapters.compute());
        this.shell = once(adapters.shell());
        this.loadBalancer = once(adapters.loadBalancer());
        this.dns = once(adapters.dns());
        this.github = once(adapters.github());
        this.secrets = once(adapters.secrets());
        this.certificateAuthority = adapters.certificateAuthority();
        this.notifiers = once(() -> notifiers(environment, adapters.notifiers().get()));
        Function<String, ObjectStorage> buckets = adapters.buckets();
        String backupBucket = BerthConfig.backupBucket(environment);
        this.backupStorage = once(() -> buckets.apply(backupBucket));
        this.dataTier = new DataTier(core.config().dataTier(), adapters.repositories(), adapters.workflows(),
                new DataTier.Ports(secrets, DataAdmins.create(server -> buckets.apply(server.bucket())), backupStorage,
                        new ServiceDatabases(adapters.repositories().services(), adapters.repositories().nodes(), secrets)),
                core.clock());
    }

    /**
     * The SnapStart priming of a step or job function: one read of an item that does not exist,
     * which loads the SDK client and the repositories' code and writes nothing.
     */
    public void prime() {
        core.repositories().instances().find("priming");
    }

    /** The root of a deployed function: secrets from SSM, then DynamoDB, Step Functions and the cloud of its environment. */
    public static WorkflowRoot fromEnvironment(Map<String, String> processEnvironment) {
        Map<String, String> env = SsmSettings.resolve(processEnvironment);
        BerthConfig config = BerthConfig.fromEnvironment(env);
        Repositories repositories = DynamoRepositories.create(AwsClients.dynamoDb(env), config.tableName(), BerthCore.cursors(config));
        Supplier<RemoteShell> shell = once(() -> CloudAdapters.shell(env));
        return new WorkflowRoot(env, new Adapters(repositories,
                StepFunctionsWorkflows.fromEnvironment(env).orElse(BerthCore.NO_WORKFLOWS),
                () -> CloudAdapters.compute(env), shell,
                () -> CloudAdapters.loadBalancer(env, shell.get(), repositories.leases()),
                () -> CloudAdapters.dns(env),
                () -> GitHubRestClient.fromEnvironment(env),
                () -> SsmSecretStore.fromEnvironment(env),
                bucket -> new S3ObjectStorage(AwsClients.s3(env), bucket),
                () -> email(env),
                secrets -> AcmeCertificateAuthority.fromEnvironment(env, secrets)));
    }

    /** E-mail through SES when {@code BERTH_ALERT_EMAILS} names recipients (from {@code BERTH_ALERT_FROM}, the template's "" meaning the first). */
    private static List<Notifier> email(Map<String, String> env) {
        List<String> to = Arrays.stream(env.getOrDefault("BERTH_ALERT_EMAILS", "").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        String from = env.getOrDefault("BERTH_ALERT_FROM", "").trim();
        if (to.isEmpty() && from.isEmpty()) {
            return List.of(); // no recipient and no sender: instances' owners cannot be written to either
        }
        return List.of(new SesNotifier(AwsClients.ses(env), from.isEmpty() ? to.get(0) : from, to));
    }

    /**
     * The deployable's own channels, and a webhook (Slack and the like) wherever {@code
     * BERTH_ALERT_WEBHOOK_URL} is set. A webhook set wrongly is a channel that fails, named on
     * every notice, never a reason for the others not to be sent.
     */
    private static List<Notifier> notifiers(Map<String, String> env, List<Notifier> own) {
        List<Notifier> all = new ArrayList<>(own);
        String webhook = env.getOrDefault("BERTH_ALERT_WEBHOOK_URL", "").trim();
        if (!webhook.isEmpty()) {
            all.add(WebhookNotifier.orFailing(webhook));
        }
        return List.copyOf(all);
    }

    /** An instance's own channel: the webhook in its write-only secret {@code BERTH_ALERT_WEBHOOK_URL}, if it has one. */
    private List<Notifier> instanceChannels(String instanceId) {
        return secrets.get().get(OpenEdxSecrets.userPrefix(instanceId) + OpenEdxSecrets.ALERT_WEBHOOK)
                .map(url -> List.of(WebhookNotifier.orFailing(url, "instance webhook"))).orElse(List.of());
    }

    /** Checks served instances through the load balancer and keeps their incidents. */
    public InstanceMonitor monitor() {
        return new InstanceMonitor(core.repositories().incidents(), loadBalancer, notifiers, this::instanceChannels,
                environment.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat"), host -> core.config().publicUrl(host, null),
                Duration.ofHours(Long.parseLong(environment.getOrDefault("BERTH_ALERT_RENOTIFY_HOURS", "6"))), core.clock());
    }

    public BerthCore core() {
        return core;
    }

    /** The function's settings (template.yaml's variables, with SSM's secrets on AWS). */
    public Map<String, String> environment() {
        return environment;
    }

    public ComputeProvider compute() {
        return compute.get();
    }

    public RemoteShell shell() {
        return shell.get();
    }

    public LoadBalancer loadBalancer() {
        return loadBalancer.get();
    }

    public Dns dns() {
        return dns.get();
    }

    public Supplier<GitHub> github() {
        return github;
    }

    /** The sandbox policy's use cases, with this function's GitHub. */
    public SandboxService sandboxes() {
        return new SandboxService(core.repositories().watchedRepositories(), core.repositories().instances(),
                core.repositories().appServers(), core.instances(), core.appServers(), core.activation(), core.fleet(), core.repositories().leases(), github.get(),
                core.config(), Integer.parseInt(environment.getOrDefault("BERTH_LAUNCH_POLL_SECONDS", "30")),
                environment.get("BERTH_CONSOLE_URL"), core.repositories().profiles(), core.clock());
    }

    public CampaignSteps campaignSteps() {
        return new CampaignSteps(core.repositories().campaigns(), core.repositories().appServers(), core.appServers(), core.activation(),
                core.repositories().instances(), core.workflows(), core.clock());
    }

    public LaunchSteps launchSteps() {
        LaunchSettings launch = LaunchSettings.fromEnvironment(environment);
        return new LaunchSteps(core.repositories().appServers(), core.repositories().logs(), core.appServers(), compute(), shell(),
                launch, core.repositories().instances(), core.routingRequests(),
                launch.teamOrganization() != null ? github.get() : null, new OpenEdxSecrets(secrets.get()),
                dataTier.provisioning(), vmPool(launch), core.clock());
    }

    /** The warm VM pool: {@code BERTH_VM_POOL} (none by default), VMs recycled after {@code BERTH_VM_POOL_MAX_AGE_HOURS} (24). */
    public VmPool vmPool() {
        return vmPool(LaunchSettings.fromEnvironment(environment));
    }

    private VmPool vmPool(LaunchSettings launch) {
        return new VmPool(core.repositories().vmPool(), compute, this::shell,
                VmPoolSpec.parse(environment.get("BERTH_VM_POOL"), launch.flavor(), launch.image()), launch.keyPair(),
                List.of(launch.firewall().name()), Duration.ofHours(Long.parseLong(environment.getOrDefault("BERTH_VM_POOL_MAX_AGE_HOURS", "24"))),
                core.clock());
    }

    /** The whole routing table: instances, and the routes of the other contexts (one load balancer serves them all). */
    public RoutingService routing() {
        return new RoutingService(core.fleet(), List.of(new ServiceRoutes(core.repositories().services(), core.repositories().nodes()),
                new DrupalRoutes(core.repositories().nodes(), core.repositories().siteRoutes(), DrupalConfig.fromEnvironment(environment))));
    }

    public NodeSteps nodeSteps() {
        return new NodeSteps(core.repositories().nodes(), nodeWorkloads(), compute(), shell(), NodeConfig.fromEnvironment(environment),
                LaunchSettings.fromEnvironment(environment), core.clock());
    }

    /** What runs on nodes: container services' colours. */
    public NodeWorkloads nodeWorkloads() {
        return new ServiceWorkloads(core.repositories().services(), core.clock());
    }

    public ServiceSteps serviceSteps() {
        return new ServiceSteps(core.repositories().services(), core.repositories().nodes(), core.repositories().logs(), secrets, shell(),
                loadBalancer(), dns(), routing(), LaunchSettings.fromEnvironment(environment).sshUser(),
                environment.getOrDefault("BERTH_DNS_TARGET", "127.0.0.1"), core.clock());
    }

    /** The Drupal fleet's use cases (the jobs use them). */
    public Drupal drupal() {
        return new Drupal(core.repositories(), core.workflows(), DrupalConfig.fromEnvironment(environment),
                "true".equals(environment.get("BERTH_ALLOW_LOCAL_GIT")), core.clock());
    }

    public DrupalSteps drupalSteps() {
        Repositories r = core.repositories();
        return new DrupalSteps(r.codeItems(), r.sites(), r.siteRoutes(), r.siteCommands(), r.commandExecutions(), r.siteStatistics(),
                new WebServers(r.nodes(), shell(), r.logs(), LaunchSettings.fromEnvironment(environment).sshUser(), core.clock()),
                dataTier.provisioning(), loadBalancer(), routing(), DrupalConfig.fromEnvironment(environment), dataTier.backups(), core.clock());
    }

    public DataTier dataTier() {
        return dataTier;
    }

    public DataSteps dataSteps() {
        return new DataSteps(core.repositories().appServers(), dataTier.provisioning(), dataTier.backups(), core.instances(),
                () -> new OpenEdxSecrets(secrets.get()));
    }

    public RoutingSteps routingSteps() {
        return new RoutingSteps(core.repositories().instances(), core.repositories().routingQueue(), routing(), core.activation(),
                loadBalancer(), dns(), core.repositories().dnsPublications(), environment.getOrDefault("BERTH_DNS_TARGET", "127.0.0.1"),
                environment.getOrDefault("BERTH_HEARTBEAT_PATH", "/heartbeat"));
    }

    public TerminateSteps terminateSteps() {
        return new TerminateSteps(core.repositories().appServers(), compute());
    }

    /** Every scheduled job, under its lease; cloud and GitHub adapters are built only by the jobs that use them. */
    public JobRunner jobRunner() {
        Fleet fleet = core.fleet();
        VmPool pool = vmPool();
        Clock clock = core.clock();
        return new JobRunner(List.of(
                new CleanupAppServersJob(fleet, core.activation(), core.appServers(), days("BERTH_CLEANUP_AFTER_DAYS", 2), clock),
                new StuckAppServersJob(fleet, core.appServers(), core.workflows(), minutes("BERTH_BOOT_DEADLINE_MINUTES", 75),
                        minutes("BERTH_DEPLOY_DEADLINE_MINUTES", 165), clock),
                new ArchiveClosedSandboxesJob(fleet, core.repositories().watchedRepositories(), core.instances(), core.activation(),
                        core.appServers(), clock),
                new OrphanVmsJob(compute, core.repositories().appServers(), core.repositories().nodes(), pool::find,
                        minutes("BERTH_ORPHAN_AFTER_MINUTES", 60), clock),
                new ReconcilePullRequestsJob(core.repositories().watchedRepositories(), fleet, github, core.sandboxExecutions()),
                new BackupInstancesJob(fleet, core.repositories().dataSets(), core.repositories().backups(), dataTier.backups(),
                        core.config().dataTier().backupsKeep(), Duration.ofHours(20), clock),
                DrupalFleetJobs.warmPool(core.repositories().sites(), drupal().sites(), drupal().config().warmPool()),
                DrupalFleetJobs.stuckPending(core.repositories().sites(), drupal().sites(), minutes("BERTH_DRUPAL_PENDING_MINUTES", 20), clock),
                DrupalFleetJobs.cron(core.repositories().sites(), core.repositories().commandExecutions(), core.workflows(), clock),
                DrupalFleetJobs.expireInstalled(core.repositories().sites(), drupal().sites(), days("BERTH_DRUPAL_EXPIRE_DAYS", 35), clock),
                DrupalFleetJobs.replaceAvailable(core.repositories().sites(), drupal().sites(), clock),
                DrupalFleetJobs.statistics(core.repositories().siteStatistics(), core.repositories().sites(), clock),
                DrupalFleetJobs.backups(core.repositories().sites(), new SiteBackupService(core.repositories().sites(), dataTier.backups(),
                        drupal().sites()), dataTier.backups(), core.config().dataTier().backupsKeep(), clock),
                new MonitorInstancesJob(core.repositories().instances(), monitor(),
                        Integer.parseInt(environment.getOrDefault("BERTH_MONITOR_PARALLELISM", "8"))),
                new RebuildInstancesJob(fleet, core.repositories().campaigns(), new CampaignService(core.repositories().campaigns(),
                        core.repositories().instances(), core.workflows(), Integer.parseInt(environment.getOrDefault("BERTH_LAUNCH_POLL_SECONDS", "30")),
                        clock), Integer.parseInt(environment.getOrDefault("BERTH_REBUILD_BATCH_SIZE", "5")), clock),
                new RenewCertificatesJob(tlsDomains(), this::certificates),
                new ActivityReportJob(new ActivityReportService(core.repositories().reportRuns(), new ActivityReports(fleet,
                        core.repositories().audit(), clock), backupStorage,
                        job -> {
                            throw new IllegalStateException("the job makes reports; it does not start itself");
                        }, clock)),
                new VmPoolJob(pool)),
                core.repositories().leases(), clock);
    }

    /** The base domains whose certificate the load balancer serves ({@code BERTH_TLS_DOMAINS}, comma-separated; none: TLS off). */
    private List<String> tlsDomains() {
        return java.util.Arrays.stream(environment.getOrDefault("BERTH_TLS_DOMAINS", "").split(",")).map(String::trim)
                .filter(d -> !d.isEmpty()).toList();
    }

    public CertificateService certificates() {
        return new CertificateService(core.repositories().certificates(), certificateAuthority.apply(secrets.get()), dns(), secrets.get(),
                loadBalancer(), tlsDomains(), this::instanceHosts, core.config().domainPrefixes().preview(),
                () -> loadBalancer().apply(routing().table()), core.clock());
    }

    /** The LMS hosts of the instances that are not archived: each gets a certificate for its sub-sites. */
    private List<String> instanceHosts() {
        List<String> hosts = new ArrayList<>();
        core.fleet().forEachInstance((instance, servers) -> {
            if (instance.status() != dev.berth.core.domain.InstanceStatus.ARCHIVED) {
                hosts.add(instance.domains().lms());
            }
        });
        return hosts;
    }

    private Duration days(String variable, long otherwise) {
        return Duration.ofDays(Long.parseLong(environment.getOrDefault(variable, Long.toString(otherwise))));
    }

    private Duration minutes(String variable, long otherwise) {
        return Duration.ofMinutes(Long.parseLong(environment.getOrDefault(variable, Long.toString(otherwise))));
    }

}
