package dev.berth.api;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.api.http.ApiRequest;
import dev.berth.api.json.AppServerJson;
import dev.berth.api.json.InstanceJson;
import dev.berth.aws.AwsClients;
import dev.berth.aws.dynamo.DynamoRepositories;
import dev.berth.aws.s3.S3ObjectStorage;
import dev.berth.aws.ssm.SsmSecretStore;
import dev.berth.core.data.DataTier;
import dev.berth.core.drupal.Drupal;
import dev.berth.core.openedx.WriteOnlySecrets;
import dev.berth.core.drupal.DrupalConfig;
import dev.berth.core.nodes.NodeConfig;
import dev.berth.core.nodes.NodeService;
import dev.berth.core.services.ServiceDatabaseService;
import dev.berth.core.services.ServiceDatabases;
import dev.berth.core.services.ServiceService;
import dev.berth.core.services.ServiceWorkloads;
import dev.berth.core.port.ObjectStorage;
import dev.berth.core.port.SecretStore;
import java.util.function.Supplier;
import dev.berth.aws.lambda.LambdaJobRuns;
import dev.berth.aws.stepfunctions.StepFunctionsWorkflows;
import dev.berth.core.BerthCore;
import static dev.berth.core.Suppliers.once;
import dev.berth.core.auth.Principal;
import dev.berth.core.config.BerthConfig;
import dev.berth.core.cost.CostService;
import dev.berth.core.cost.HistoryUsageMeter;
import dev.berth.core.cost.Prices;
import dev.berth.core.jobs.JobReport;
import dev.berth.core.port.UsageMeter;
import dev.berth.core.port.JobRuns;
import dev.berth.core.port.Workflows;
import dev.berth.core.repository.Repositories;
import dev.berth.core.service.JobService;
import dev.berth.github.webhook.WebhookSignature;
import java.time.Clock;
import java.util.Map;
import dev.berth.core.monitoring.IncidentService;
import dev.berth.core.report.ActivityReportService;
import dev.berth.core.report.ActivityReports;
import dev.berth.core.campaign.CampaignService;
import dev.berth.core.profile.ProfileService;
import java.util.function.Function;

/**
 * The composition root of the API package: which adapters the HTTP handlers run on, chosen once
 * per function instance with plain constructors. On Lambda: DynamoDB, Step Functions and the jobs
 * function ({@link #fromEnvironment}); on a laptop the local runtime hands in its own, and tests
 * theirs ({@link #ApiRoot(Map, Adapters)}).
 */
public final class ApiRoot {

    /**
     * The adapters an API function needs; the secret store, backup storage and the jobs function's client are
     * built when first used, and only in the full package ({@link UsesStores}).
     */
    public record Adapters(Repositories repositories, Workflows workflows, JobRuns jobRuns, Supplier<SecretStore> secrets,
                           Supplier<ObjectStorage> backupStorage, UsageMeter usage) {

        /** Usage read from the executions' histories, as on AWS. */
        public Adapters(Repositories repositories, Workflows workflows, JobRuns jobRuns, Supplier<SecretStore> secrets,
                        Supplier<ObjectStorage> backupStorage) {
            this(repositories, workflows, jobRuns, secrets, backupStorage, new HistoryUsageMeter(workflows, HistoryUsageMeter.FUNCTION_MEMORY_MB));
        }
    }

    /** Every HTTP handler of this package by class name, as template.yaml's {@code Handler} names it. */
    public static final Map<String, Function<ApiRoot, RequestStreamHandler>> HANDLERS = Map.ofEntries(
            Map.entry(HealthHandler.class.getName(), HealthHandler::new),
            Map.entry(InstancesHandler.class.getName(), InstancesHandler::new),
            Map.entry(AppServersHandler.class.getName(), AppServersHandler::new),
            Map.entry(AppServerOperationsHandler.class.getName(), AppServerOperationsHandler::new),
            Map.entry(AdminHandler.class.getName(), AdminHandler::new),
            Map.entry(WatchedRepositoriesHandler.class.getName(), WatchedRepositoriesHandler::new),
            Map.entry(GitHubWebhookHandler.class.getName(), GitHubWebhookHandler::new),
            Map.entry(JobRunsHandler.class.getName(), JobRunsHandler::new),
            Map.entry(DataServersHandler.class.getName(), DataServersHandler::new),
            Map.entry(InstanceDataHandler.class.getName(), InstanceDataHandler::new),
            Map.entry(NodesHandler.class.getName(), NodesHandler::new),
            Map.entry(ServicesHandler.class.getName(), ServicesHandler::new),
            Map.entry(ServiceColoursHandler.class.getName(), ServiceColoursHandler::new),
            Map.entry(ServiceDatabaseHandler.class.getName(), ServiceDatabaseHandler::new),
            Map.entry(CodeHandler.class.getName(), CodeHandler::new),
            Map.entry(SitesHandler.class.getName(), SitesHandler::new),
            Map.entry(SiteRoutesHandler.class.getName(), SiteRoutesHandler::new),
            Map.entry(SiteCommandsHandler.class.getName(), SiteCommandsHandler::new),
            Map.entry(StatisticsHandler.class.getName(), StatisticsHandler::new),
            Map.entry(IncidentsHandler.class.getName(), IncidentsHandler::new),
            Map.entry(ReportsHandler.class.getName(), ReportsHandler::new),
            Map.entry(CampaignsHandler.class.getName(), CampaignsHandler::new),
            Map.entry(ProfilesHandler.class.getName(), ProfilesHandler::new),
            Map.entry(SiteBackupsHandler.class.getName(), SiteBackupsHandler::new));

    private static final JobRuns NO_JOB_RUNS = job -> {
        throw new IllegalStateException("This function cannot run jobs (no BERTH_JOBS_FUNCTION)");
    };

    private final Map<String, String> environment;
    private final BerthCore core;
    private final JobService jobs;
    private final InstanceJson instanceJson;
    private final AppServerJson appServerJson;
    private final DataTier dataTier;
    private final Supplier<SecretStore> secrets;
    private final NodeService nodes;
    private final ServiceService services;
    private final ServiceDatabaseService serviceDatabases;
    private final JobRuns jobRuns;
    private final Supplier<ObjectStorage> backupStorage;
    private final Drupal drupal;
    private final dev.berth.core.port.UsageMeter usage;

    public ApiRoot(Map<String, String> environment, Adapters adapters) {
        this.environment = Map.copyOf(environment);
        BerthConfig config = BerthConfig.fromEnvironment(environment);
        this.core = new BerthCore(config, adapters.repositories(), adapters.workflows(), Clock.systemUTC());
        this.jobs = new JobService(adapters.jobRuns());
        this.jobRuns = adapters.jobRuns();
        this.backupStorage = once(adapters.backupStorage());
        this.instanceJson = new InstanceJson(host -> config.publicUrl(host, null));
        this.appServerJson = new AppServerJson(instanceJson, config);
        this.secrets = once(adapters.secrets());
        Repositories repositories = adapters.repositories();
        this.nodes = new NodeService(repositories.nodes(), new ServiceWorkloads(repositories.services(), Clock.systemUTC()), adapters.workflows(),
                NodeConfig.fromEnvironment(environment), Clock.systemUTC());
        this.services = new ServiceService(repositories.services(), repositories.nodes(), repositories.logs(), secrets, adapters.workflows(),
                "true".equals(environment.get("BERTH_ALLOW_LOCAL_GIT")), Clock.systemUTC());
        this.drupal = new Drupal(repositories, adapters.workflows(), DrupalConfig.fromEnvironment(environment),
                "true".equals(environment.get("BERTH_ALLOW_LOCAL_GIT")), Clock.systemUTC());
        this.dataTier = new DataTier(config.dataTier(), adapters.repositories(), adapters.workflows(),
                new DataTier.Ports(secrets, DataTier.NO_ADMINS, backupStorage,
                        new ServiceDatabases(repositories.services(), repositories.nodes(), secrets)), Clock.systemUTC());
        this.serviceDatabases = new ServiceDatabaseService(repositories.services(), dataTier.backups());
        this.usage = adapters.usage();
    }

    /** The root of a deployed function: its adapters from its environment (template.yaml sets it). */
    public static ApiRoot fromEnvironment(Map<String, String> env) {
        BerthConfig config = BerthConfig.fromEnvironment(env);
        Repositories repositories = DynamoRepositories.create(AwsClients.dynamoDb(env), config.tableName(), BerthCore.cursors(config));
        // The Lambda, SSM and S3 clients are built on first use: the base package does not carry them.
        Supplier<JobRuns> jobsFunction = once(() -> LambdaJobRuns.fromEnvironment(env).orElse(NO_JOB_RUNS));
        return new ApiRoot(env, new Adapters(repositories,
                StepFunctionsWorkflows.fromEnvironment(env).orElse(BerthCore.NO_WORKFLOWS),
                new JobRuns() {
                    @Override
                    public JobReport run(String job) {
                        return jobsFunction.get().run(job);
                    }

                    @Override
                    public void start(String job) {
                        jobsFunction.get().start(job);
                    }
                },
                () -> SsmSecretStore.fromEnvironment(env),
                () -> S3ObjectStorage.fromEnvironment(env)));
    }

    /** The caller of a request, from its bearer token (401 otherwise); what it may do is the use case's decision. */
    public Principal caller(ApiRequest request) {
        return core.authenticator().authenticate(request.header("authorization"));
    }

    public BerthCore core() {
        return core;
    }

    public BerthConfig config() {
        return core.config();
    }

    public NodeService nodes() {
        return nodes;
    }

    @UsesStores
    public ServiceService services() {
        return services;
    }

    @UsesStores
    public ServiceDatabaseService serviceDatabases() {
        return serviceDatabases;
    }

    /** An instance's write-only secrets (built per call: it holds nothing but its ports). */
    @UsesStores
    public WriteOnlySecrets instanceSecrets() {
        return WriteOnlySecrets.ofInstances(core.repositories().instances(), secrets, core.repositories().audit(), core.clock());
    }

    /** A watched repository's write-only sandbox secrets (built per call). */
    @UsesStores
    public WriteOnlySecrets repositorySecrets() {
        return WriteOnlySecrets.ofWatchedRepositories(core.repositories().watchedRepositories(), secrets, core.repositories().audit(),
                core.clock());
    }

    public Drupal drupal() {
        return drupal;
    }

    /** The secret store (built on first use). */
    @UsesStores
    public SecretStore secrets() {
        return secrets.get();
    }

    @UsesStores
    public DataTier dataTier() {
        return dataTier;
    }

    public IncidentService incidents() {
        return new IncidentService(core.repositories().incidents());
    }

    @UsesStores
    public ActivityReportService activityReports() {
        return new ActivityReportService(core.repositories().reportRuns(), new ActivityReports(core.fleet(), core.repositories().audit(),
                core.clock()), backupStorage, jobRuns, core.clock());
    }

    public CampaignService campaigns() {
        return new CampaignService(core.repositories().campaigns(), core.repositories().instances(), core.workflows(),
                Integer.parseInt(environment.getOrDefault("BERTH_LAUNCH_POLL_SECONDS", "30")), core.clock());
    }

    /** The defaults of the setting profile a create names, if there is one by that name. */
    public java.util.Optional<Map<String, Object>> profileDefaults(String name) {
        return profiles().find(name).map(dev.berth.core.profile.SettingProfile::defaults);
    }

    @UsesStores
    public dev.berth.core.drupal.SiteBackupService siteBackups() {
        return new dev.berth.core.drupal.SiteBackupService(core.repositories().sites(), dataTier.backups(), drupal.sites());
    }

    /**
     * A profile from a create body ({@code name} null: the body names it) or a patched one, its
     * defaults checked as an instance's settings would be (422 naming {@code defaults.<field>}).
     */
    public dev.berth.core.profile.SettingProfile checkedProfile(com.fasterxml.jackson.databind.JsonNode body, String name) {
        dev.berth.api.json.ProfileJson.Draft draft = dev.berth.api.json.ProfileJson.read(body, name == null);
        instanceJson.checkProfileDefaults(draft.defaults(), config(), core.instances()::check);
        return new dev.berth.core.profile.SettingProfile(name == null ? draft.name() : name, draft.description(),
                dev.berth.api.json.ProfileJson.defaults(draft.defaults()), null, null, 0);
    }

    /** Built per call, as one route needs it (nothing at a function's start). */
    public CostService costs() {
        return new CostService(core.repositories().appServers(), usage, Prices.US_EAST_1);
    }

    public ProfileService profiles() {
        return new ProfileService(core.repositories().profiles(), core.clock());
    }

    @UsesStores
    public JobService jobs() {
        return jobs;
    }

    public InstanceJson instanceJson() {
        return instanceJson;
    }

    public AppServerJson appServerJson() {
        return appServerJson;
    }

    /** The webhook secret, from the function's environment (an SSM reference on AWS is resolved by the template). */
    public WebhookSignature webhookSignature() {
        return new WebhookSignature(environment.get("BERTH_GITHUB_WEBHOOK_SECRET"));
    }
}
