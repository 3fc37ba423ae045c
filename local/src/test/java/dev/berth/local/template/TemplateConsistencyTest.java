package dev.berth.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.ApiRoot;
import dev.berth.core.jobs.JobNames;
import dev.berth.local.testing.Repo;
import dev.berth.workflow.WorkflowRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * template.yaml against the code it deploys: handlers, environment variables, IAM permissions,
 * references, state machines and schedules. Every inconsistency is a one-line finding; the
 * findings known today are listed, with a comment each, in {@code template-known-gaps.txt}, which
 * only shrinks: a new finding fails the test, and so does a listed one that no longer occurs
 * (remove it from the list when its gap is fixed).
 *
 * <p>What the code needs is partly read from the sources (the {@code BERTH_*} literals, see
 * {@link EnvironmentReads}) and partly written down below in explicit maps, each derived by reading
 * the composition roots (ApiRoot, WorkflowRoot, CloudAdapters) and the use cases they build: a
 * per-handler call graph is out of reach of a test this size, so a change of what a handler uses
 * has to be reflected here (the maps are themselves checked against the sources where possible).
 */
class TemplateConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KNOWN_GAPS = "/template-known-gaps.txt";

    // ------------------------------------------------------------------------------------------
    // Deployables: which Java modules each jar contains (functions/api -> berth-api-lambda.jar and
    // berth-api-full-lambda.jar, functions/workflow -> berth-workflow-lambda.jar; the others are libraries of both).
    // ------------------------------------------------------------------------------------------
    private static final Set<String> LIBRARIES = Set.of("core", "aws", "cloud", "network", "github", "data");
    private static final Map<String, Set<String>> DEPLOYABLE_MODULES = Map.of(
            "api", union(Set.of("api"), LIBRARIES),
            "workflow", union(Set.of("workflow"), LIBRARIES));
    private static final Map<String, Set<String>> DEPLOYABLE_JARS = Map.of(
            "api", Set.of("functions/api/target/berth-api-lambda.jar", "functions/api/target/berth-api-full-lambda.jar"),
            "workflow", Set.of("functions/workflow/target/berth-workflow-lambda.jar"));

    // ------------------------------------------------------------------------------------------
    // Environment: what each handler needs set. Keys are a handler package (applies to every
    // handler in it) or a handler class. Derivation:
    //  - ApiRoot(...) and WorkflowRoot(...) both build BerthConfig.fromEnvironment, which throws
    //    without BERTH_TABLE or with a BERTH_CURSOR_SECRET under 32 characters; BERTH_BASE_DOMAIN
    //    has a default (localhost) that is wrong for any deployed stack.
    //  - ApiRoot.webhookSignature(): BERTH_GITHUB_WEBHOOK_SECRET (GitHubWebhookHandler).
    //  - ApiRoot.fromEnvironment: LambdaJobRuns.fromEnvironment needs BERTH_JOBS_FUNCTION (JobRunsHandler);
    //    the backup storage is BERTH_BACKUP_BUCKET (default "berth-backups", not the stack's bucket):
    //    InstanceDataHandler's backups use it.
    //  - WorkflowRoot.fromEnvironment builds cloud adapters on first use (CloudAdapters):
    //      compute()      -> OpenStackComputeProvider: OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME
    //                        (on AWS from SSM: BERTH_OPENSTACK_SSM_PATH, see SsmSettings)
    //      shell()        -> BERTH_SSH_PRIVATE_KEY (on AWS: BERTH_SSH_KEY_SSM_PARAMETER)
    //      loadBalancer() -> shell + BERTH_HAPROXY_HOST, BERTH_HAPROXY_HOST_KEY
    //      dns()          -> BERTH_DNS (default none: records silently not written) and its provider's
    //                        variables (DNS_PROVIDER_VARIABLES below)
    //      github         -> GitHubRestClient: BERTH_GITHUB_TOKEN (on AWS: BERTH_GITHUB_TOKEN_SSM_PARAMETER)
    //  - Which steps use which adapter (WorkflowRoot's methods, called in each handler's constructor):
    //      launch    launchSteps(): compute, shell, LaunchSettings (BERTH_TEAM_GITHUB_ORGANIZATION/TEAM:
    //                read with env.get, the team's SSH keys on the VMs) and GitHub when the organization is set
    //      routing   routingSteps(): loadBalancer, dns, BERTH_DNS_TARGET (default 127.0.0.1)
    //      terminate terminateSteps() + routingSteps(): compute, loadBalancer, dns, BERTH_DNS_TARGET
    //      sandbox   sandboxes(): GitHub, BERTH_CONSOLE_URL (env.get: links in the pull request statuses)
    //      data      dataSteps(): the data tier; backups go to BERTH_BACKUP_BUCKET
    //      nodes     nodeSteps(): compute, shell
    //      services  serviceSteps(): shell, loadBalancer, dns, BERTH_DNS_TARGET
    //      drupal    drupalSteps(): shell (WebServers), loadBalancer
    //      jobs      jobRunner(): compute (orphan-vms), GitHub (reconcile-pull-requests),
    //                BERTH_BACKUP_BUCKET (backup-instances prunes old backups)
    // ------------------------------------------------------------------------------------------
    static final String OPENSTACK = "OS_* (OpenStack credentials)";
    private static final List<String> CONFIG = List.of("BERTH_TABLE", "BERTH_CURSOR_SECRET", "BERTH_BASE_DOMAIN");
    private static final List<String> SHELL = List.of("BERTH_SSH_PRIVATE_KEY");
    private static final List<String> BALANCER = List.of("BERTH_SSH_PRIVATE_KEY", "BERTH_HAPROXY_HOST", "BERTH_HAPROXY_HOST_KEY");
    private static final List<String> DNS = List.of("BERTH_DNS", "BERTH_DNS_TARGET");
    static final Map<String, List<String>> NEEDED_ENVIRONMENT = new LinkedHashMap<>();

    static {
        NEEDED_ENVIRONMENT.put("dev.berth.api", CONFIG);
        NEEDED_ENVIRONMENT.put("dev.berth.api.GitHubWebhookHandler", List.of("BERTH_GITHUB_WEBHOOK_SECRET"));
        NEEDED_ENVIRONMENT.put("dev.berth.api.JobRunsHandler", List.of("BERTH_JOBS_FUNCTION"));
        NEEDED_ENVIRONMENT.put("dev.berth.api.InstanceDataHandler", List.of("BERTH_BACKUP_BUCKET"));
        NEEDED_ENVIRONMENT.put("dev.berth.api.SiteBackupsHandler", List.of("BERTH_BACKUP_BUCKET"));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow", CONFIG);
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.launch", concat(List.of(OPENSTACK), SHELL,
                List.of("BERTH_TEAM_GITHUB_ORGANIZATION", "BERTH_TEAM_GITHUB_TEAM", "BERTH_GITHUB_TOKEN", "BERTH_WEB_SOURCES")));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.routing", concat(BALANCER, DNS));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.terminate", concat(List.of(OPENSTACK), BALANCER, DNS));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.sandbox", List.of("BERTH_GITHUB_TOKEN", "BERTH_CONSOLE_URL"));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.data", List.of("BERTH_BACKUP_BUCKET"));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.nodes", concat(List.of(OPENSTACK), SHELL, List.of("BERTH_WEB_SOURCES")));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.services", concat(BALANCER, DNS));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.drupal", concat(BALANCER, List.of("BERTH_BACKUP_BUCKET")));
        NEEDED_ENVIRONMENT.put("dev.berth.workflow.jobs", concat(List.of(OPENSTACK, "BERTH_GITHUB_TOKEN", "BERTH_BACKUP_BUCKET"), BALANCER));
    }

    /** A secret the code reads from the environment that SsmSettings fills in from the SSM parameter named by another variable. */
    static final Map<String, String> PROVIDED_BY_SSM = Map.of(
            "BERTH_SSH_PRIVATE_KEY", "BERTH_SSH_KEY_SSM_PARAMETER",
            "BERTH_GITHUB_TOKEN", "BERTH_GITHUB_TOKEN_SSM_PARAMETER",
            "BERTH_GANDI_TOKEN", "BERTH_GANDI_TOKEN_SSM_PARAMETER",
            OPENSTACK, "BERTH_OPENSTACK_SSM_PATH");

    /** CloudAdapters.dns(): what each BERTH_DNS value requires (required(env, ...)). */
    static final Map<String, List<String>> DNS_PROVIDER_VARIABLES = Map.of(
            "route53", List.of("BERTH_ROUTE53_ZONE_ID"),
            "gandi", List.of("BERTH_GANDI_ZONE", "BERTH_GANDI_TOKEN"),
            "none", List.of());

    /**
     * Variables read without a default (env.get) that may nonetheless be absent from a deployed
     * function: the "documented defaults".
     */
    static final Map<String, String> DOCUMENTED_OPTIONAL = Map.ofEntries(
            Map.entry("BERTH_DYNAMODB_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_SFN_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_SSM_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_SES_ENDPOINT", "endpoint override (tests); unset = AWS"),
            Map.entry("BERTH_ALERT_WEBHOOK_SSM_PARAMETER", "optional: incident notices by e-mail only when unset or none"),
            Map.entry("BERTH_ALERT_WEBHOOK_URL", "optional: no webhook notices when unset (from the SSM parameter on AWS)"),
            Map.entry("BERTH_VM_POOL", "optional: no warm VM pool when unset (template parameter VmPool, on the jobs and launch steps functions)"),
            Map.entry("BERTH_S3_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_LAMBDA_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_ROUTE53_ENDPOINT", "endpoint override (local runtime, tests); unset = AWS"),
            Map.entry("BERTH_LOCAL", "set by the local runtime only (SsmSettings skips SSM)"),
            Map.entry("BERTH_ALLOW_LOCAL_GIT", "\"true\".equals(...): off unless set (local runtime)"),
            Map.entry("BERTH_DEFAULT_EDX_PLATFORM_REF", "blankToNull: unset = the release's own ref"),
            Map.entry("BERTH_NODE_BOOT_SECONDS", "test override of BERTH_NODE_BOOT_MINUTES"),
            Map.entry("BERTH_BOOT_TIMEOUT_SECONDS", "test override of BERTH_BOOT_TIMEOUT_MINUTES"),
            Map.entry("BERTH_OPENSTACK_SSM_PATH", "names where a secret comes from (PROVIDED_BY_SSM)"),
            Map.entry("BERTH_SSH_KEY_SSM_PARAMETER", "names where a secret comes from (PROVIDED_BY_SSM)"),
            Map.entry("BERTH_GITHUB_TOKEN_SSM_PARAMETER", "names where a secret comes from (PROVIDED_BY_SSM)"),
            Map.entry("BERTH_GANDI_TOKEN_SSM_PARAMETER", "names where a secret comes from (PROVIDED_BY_SSM)"));

    // ------------------------------------------------------------------------------------------
    // State machines each handler's code starts (Workflows.start) or reads (status/history), by
    // handler class; derived from the use cases' *_MACHINE constants and who calls them:
    //   InstancesHandler: patch -> RoutingRequests (SyncRouting); DELETE -> ArchiveService.archive:
    //     activation.change (SyncRouting), activation.terminate of every app server not yet
    //     terminated (TerminateAppServer), ?purge (PurgeInstance)
    //   AppServerOperationsHandler: launch (LaunchAppServer), activate/deactivate (SyncRouting), terminate
    //   AppServersHandler: AppServerService.history(LaunchAppServer) -> DescribeExecution + GetExecutionHistory
    //   GitHubWebhookHandler: SandboxExecutions (PullRequestSandbox)
    //   InstanceDataHandler: BackupService (BackupInstance, RestoreInstance)
    //   NodesHandler: NodeService (CreateNode, DestroyNode)
    //   ServiceColoursHandler: ServiceService launch/redeploy/terminate/build/promote
    //   ServiceDatabaseHandler: ServiceDatabaseService dump/restore -> BackupService (BackupInstance, RestoreInstance)
    //   CodeHandler: CodeService (DeployCode); SitesHandler, SiteRoutesHandler: SiteLifecycle;
    //   SiteCommandsHandler: RunCommand
    //   LaunchStepsHandler: RoutingRequests (SyncRouting)
    //   SandboxStepsHandler: SandboxService: launch, activate (SyncRouting), terminate
    //   JobsHandler: cleanup/archive (SyncRouting, TerminateAppServer), reconcile (PullRequestSandbox),
    //     backup-instances (BackupInstance), drupal-warm-pool/expire/replace (SiteLifecycle),
    //     drupal-cron (RunCommand); stuck-appservers reads LaunchAppServer's status (DescribeExecution)
    // ------------------------------------------------------------------------------------------
    static final Map<String, List<String>> STARTS = Map.ofEntries(
            Map.entry("dev.berth.api.InstancesHandler", List.of("SyncRouting", "PurgeInstance", "TerminateAppServer")),
            Map.entry("dev.berth.api.AppServerOperationsHandler", List.of("LaunchAppServer", "SyncRouting", "TerminateAppServer")),
            Map.entry("dev.berth.api.GitHubWebhookHandler", List.of("PullRequestSandbox")),
            Map.entry("dev.berth.api.InstanceDataHandler", List.of("BackupInstance", "RestoreInstance")),
            Map.entry("dev.berth.api.NodesHandler", List.of("CreateNode", "DestroyNode")),
            Map.entry("dev.berth.api.ServiceColoursHandler", List.of("ServiceColour", "BuildService", "PromoteService")),
            Map.entry("dev.berth.api.ServiceDatabaseHandler", List.of("BackupInstance", "RestoreInstance")),
            Map.entry("dev.berth.api.CodeHandler", List.of("DeployCode")),
            Map.entry("dev.berth.api.SitesHandler", List.of("SiteLifecycle")),
            Map.entry("dev.berth.api.SiteBackupsHandler", List.of("SiteLifecycle")),
            Map.entry("dev.berth.api.SiteRoutesHandler", List.of("SiteLifecycle")),
            Map.entry("dev.berth.api.SiteCommandsHandler", List.of("RunCommand")),
            Map.entry("dev.berth.api.CampaignsHandler", List.of("Campaign")),
            Map.entry("dev.berth.workflow.campaigns.CampaignStepsHandler", List.of("LaunchAppServer", "SyncRouting")),
            Map.entry("dev.berth.workflow.launch.LaunchStepsHandler", List.of("SyncRouting")),
            Map.entry("dev.berth.workflow.sandbox.SandboxStepsHandler", List.of("LaunchAppServer", "SyncRouting", "TerminateAppServer")),
            Map.entry("dev.berth.workflow.jobs.JobsHandler", List.of("SyncRouting", "TerminateAppServer", "PullRequestSandbox",
                    "BackupInstance", "SiteLifecycle", "RunCommand", "Campaign")));
    /** handler class -> state machine -> the Step Functions actions on its executions. */
    static final Map<String, Map<String, List<String>>> READS_EXECUTIONS = Map.of(
            "dev.berth.api.AppServersHandler", Map.of("LaunchAppServer", List.of("states:DescribeExecution", "states:GetExecutionHistory")),
            "dev.berth.workflow.jobs.JobsHandler", Map.of("LaunchAppServer", List.of("states:DescribeExecution")));

    // ------------------------------------------------------------------------------------------
    // SSM secret store (SsmSecretStore under BERTH_SECRETS_SSM_PREFIX): what each function does to
    // which secrets, as an example secret name under the prefix. Derived from the SecretStore calls:
    //   TokenService.bootstrap: get + delete "bootstrap/admin-token" (AdminFunction)
    //   DataServerService: put/delete "data-servers/ID/admin-password" (DataServersFunction)
    //   DataProvisioning.rotate: put "instances/ID/data/KIND/USER" (InstanceDataFunction)
    //   ServiceService.putSecret/deleteSecret/delete: put/delete "services/NAME/secrets/KEY" (ServicesFunction)
    //   DataProvisioning.provision/drop (DataSteps), provisionFor/drop/connections (DrupalSteps):
    //     get admin passwords, putIfAbsent (put, then get) and delete instance passwords, names() ->
    //     GetParametersByPath on "instances/ID/data"
    //   LaunchSteps: OpenEdxSecrets (get/put "instances/ID/openedx/..."), connections (get),
    //     finishRotation (admin password get, delete the retired user's password)
    //   ServiceSteps: get "services/NAME/secrets/KEY" for the container's env file
    // ------------------------------------------------------------------------------------------
    record SecretUse(List<String> actions, String secret) {
    }

    static final Map<String, List<SecretUse>> SECRETS = Map.of(
            "AdminFunction", List.of(new SecretUse(List.of("ssm:GetParameter", "ssm:DeleteParameter"), "bootstrap/admin-token")),
            "DataServersFunction", List.of(new SecretUse(List.of("ssm:PutParameter", "ssm:DeleteParameter"), "data-servers/ID/admin-password")),
            "InstanceDataFunction", List.of(new SecretUse(List.of("ssm:PutParameter"), "instances/ID/data/mysql/USER")),
            "ServicesFunction", List.of(new SecretUse(List.of("ssm:PutParameter", "ssm:DeleteParameter"), "services/NAME/secrets/KEY")),
            "DataStepsFunction", List.of(
                    new SecretUse(List.of("ssm:GetParameter"), "data-servers/ID/admin-password"),
                    new SecretUse(List.of("ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"), "instances/ID/data/mysql/USER"),
                    new SecretUse(List.of("ssm:GetParametersByPath"), "instances/ID/data")),
            "DrupalStepsFunction", List.of(
                    new SecretUse(List.of("ssm:GetParameter"), "data-servers/ID/admin-password"),
                    new SecretUse(List.of("ssm:GetParameter", "ssm:PutParameter", "ssm:DeleteParameter"), "instances/ID/data/mysql/USER"),
                    new SecretUse(List.of("ssm:GetParametersByPath"), "instances/ID/data")),
            "LaunchStepsFunction", List.of(
                    new SecretUse(List.of("ssm:GetParameter", "ssm:PutParameter"), "instances/ID/openedx/SECRET_KEY"),
                    new SecretUse(List.of("ssm:GetParameter"), "data-servers/ID/admin-password"),
                    new SecretUse(List.of("ssm:GetParameter", "ssm:DeleteParameter"), "instances/ID/data/mysql/USER")),
            "ServiceStepsFunction", List.of(new SecretUse(List.of("ssm:GetParameter"), "services/NAME/secrets/KEY")));

    /** Functions that only read the table (DynamoDBReadPolicy is enough); HealthFunction does not touch it. */
    static final Set<String> TABLE_READ_ONLY = Set.of("AppServersFunction", "JobRunsFunction");
    static final Set<String> NO_TABLE = Set.of("HealthFunction");
    /** Functions whose data tier reaches storage servers' buckets (DataAdmins' StorageAdmin): the StorageBucketPattern buckets. */
    static final Set<String> STORAGE_BUCKET_USERS = Set.of("DataStepsFunction");

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final String REGION = LocalAws.REGION;
    private static final String ACCOUNT = LocalAws.ACCOUNT_ID;

    private static Path root;
    private static Template template;
    private static Map<String, Object> raw;
    private static CloudFormationIntrinsics cfn;
    private static EnvironmentReads reads;

    @BeforeAll
    static void load() throws IOException {
        root = Repo.root();
        template = Template.load(root.resolve("template.yaml"));
        raw = TemplateParser.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(root.resolve("template.yaml"))), "(root)");
        Map<String, String> noDefaults = new HashMap<>();
        template.parameters().forEach((name, p) -> {
            if (p.defaultValue() == null) {
                noDefaults.put(name, "PARAMETER-" + name);
            }
        });
        cfn = new CloudFormationIntrinsics(template, noDefaults);
        reads = EnvironmentReads.scan(root.resolve("functions"));
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void theTemplateAgreesWithTheCodeExceptForTheKnownGaps() throws IOException {
        Set<String> findings = findings();
        List<String> known = knownGaps();
        Set<String> fresh = new TreeSet<>(findings);
        known.forEach(fresh::remove);
        Set<String> fixed = new TreeSet<>(known);
        fixed.removeAll(findings);
        System.out.println("TemplateConsistencyTest: " + findings.size() + " findings (" + known.size() + " known):");
        findings.forEach(f -> System.out.println("  " + f));
        StringBuilder message = new StringBuilder();
        if (!fresh.isEmpty()) {
            message.append("New template/code inconsistencies (fix them; only a deliberate, commented gap goes into ")
                    .append("local/src/test/resources/template-known-gaps.txt):\n");
            fresh.forEach(f -> message.append("  ").append(f).append('\n'));
        }
        if (!fixed.isEmpty()) {
            message.append("Listed in template-known-gaps.txt but no longer found (remove these lines, the list only shrinks):\n");
            fixed.forEach(f -> message.append("  ").append(f).append('\n'));
        }
        if (message.length() > 0) {
            fail(message.toString());
        }
    }

    static Set<String> findings() {
        Set<String> out = new TreeSet<>();
        handlers(out);
        environment(out);
        permissions(out);
        references(out);
        stateMachines(out);
        schedules(out);
        return out;
    }

    // --- 1. handlers ---

    static void handlers(Set<String> out) {
        Set<String> used = new TreeSet<>();
        template.functions().values().forEach(f -> {
            String id = f.logicalId();
            String handler = f.handlerClass();
            used.add(handler);
            try {
                Class.forName(handler, false, TemplateConsistencyTest.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                out.add("handler: " + id + ": class " + handler + " does not exist");
            }
            String deployable = deployable(handler);
            boolean registered = ApiRoot.HANDLERS.containsKey(handler) || WorkflowRoot.HANDLERS.containsKey(handler);
            if (!registered) {
                out.add("handler: " + id + ": " + handler + " is in neither ApiRoot.HANDLERS nor WorkflowRoot.HANDLERS");
            } else if (deployable.equals("api") != ApiRoot.HANDLERS.containsKey(handler)) {
                out.add("handler: " + id + ": " + handler + " is registered in the other deployable's HANDLERS");
            }
            Object codeUri = properties(id).get("CodeUri");
            if (deployable != null && !DEPLOYABLE_JARS.get(deployable).contains(codeUri)) {
                out.add("handler: " + id + ": " + handler + " is in the " + deployable + " jar but CodeUri is " + codeUri);
            }
            if (!f.handlerMethod().equals("handleRequest")) {
                out.add("handler: " + id + ": method " + f.handlerMethod() + " is not handleRequest");
            }
        });
        for (String handler : union(ApiRoot.HANDLERS.keySet(), WorkflowRoot.HANDLERS.keySet())) {
            if (!used.contains(handler)) {
                out.add("handler: " + handler + " is registered in HANDLERS but no function of the template runs it");
            }
        }
    }

    // --- 2. environment ---

    static void environment(Set<String> out) {
        // The maps against the sources: every variable the code requires is accounted for, and every
        // variable the maps name is one the code reads.
        Set<String> mapped = new TreeSet<>();
        NEEDED_ENVIRONMENT.values().forEach(mapped::addAll);
        DNS_PROVIDER_VARIABLES.values().forEach(mapped::addAll);
        for (String deployable : DEPLOYABLE_MODULES.keySet()) {
            reads.readBy(DEPLOYABLE_MODULES.get(deployable)).forEach((name, kind) -> {
                if (kind == EnvironmentReads.Kind.REQUIRED && !mapped.contains(name) && !DOCUMENTED_OPTIONAL.containsKey(name)) {
                    out.add("env-map: " + name + " is read without a default by the " + deployable
                            + " deployable but no handler of NEEDED_ENVIRONMENT needs it and it is not in DOCUMENTED_OPTIONAL");
                }
            });
        }
        NEEDED_ENVIRONMENT.forEach((key, names) -> {
            String deployable = deployable(key);
            Map<String, EnvironmentReads.Kind> visible = reads.readBy(DEPLOYABLE_MODULES.get(deployable));
            for (String name : names) {
                if (name.startsWith("BERTH_") && !visible.containsKey(name)) {
                    out.add("env-map: NEEDED_ENVIRONMENT[" + key + "] names " + name + ", which the " + deployable + " deployable does not read");
                }
            }
        });

        for (FunctionResource f : template.functions().values()) {
            String id = f.logicalId();
            String handler = f.handlerClass();
            String deployable = deployable(handler);
            if (deployable == null) {
                continue;
            }
            Map<String, Object> env = f.environment();
            for (String name : needed(handler)) {
                String provider = PROVIDED_BY_SSM.get(name);
                if (env.containsKey(name) || (provider != null && env.containsKey(provider))) {
                    continue;
                }
                out.add("env: " + id + " (" + handlerPackage(handler) + ") does not set " + name
                        + (provider == null ? "" : " (nor " + provider + ")"));
            }
            if (needed(handler).contains("BERTH_DNS")) {
                for (String provider : dnsProviders(f, out)) {
                    for (String name : DNS_PROVIDER_VARIABLES.getOrDefault(provider, List.of())) {
                        String ssm = PROVIDED_BY_SSM.get(name);
                        if (!env.containsKey(name) && (ssm == null || !env.containsKey(ssm))) {
                            out.add("env: " + id + " can select BERTH_DNS=" + provider + " but does not set " + name);
                        }
                    }
                }
            }
            Set<String> readable = reads.readBy(DEPLOYABLE_MODULES.get(deployable)).keySet();
            for (String name : env.keySet()) {
                if (name.startsWith("BERTH_") && !readable.contains(name)) {
                    out.add("env: " + id + " sets " + name + ", which no code of the " + deployable + " deployable reads");
                }
            }
        }
    }

    /** The BERTH_DNS values a function can run with: the parameter's AllowedValues, or its one value. */
    static Set<String> dnsProviders(FunctionResource f, Set<String> out) {
        Object value = f.environment().get("BERTH_DNS");
        Set<String> providers = new TreeSet<>();
        if (value == null) {
            providers.add("none"); // CloudAdapters.dns's default
        } else if (value instanceof Map<?, ?> m && m.get("Ref") instanceof String parameter && template.parameters().containsKey(parameter)) {
            Object allowed = map(map(raw.get("Parameters")).get(parameter)).get("AllowedValues");
            if (allowed instanceof List<?> l) {
                l.forEach(v -> providers.add(String.valueOf(v)));
            } else {
                providers.add(cfn.resolve(value, f.logicalId() + " BERTH_DNS"));
            }
        } else {
            providers.add(cfn.resolve(value, f.logicalId() + " BERTH_DNS"));
        }
        for (String p : providers) {
            if (!DNS_PROVIDER_VARIABLES.containsKey(p)) {
                out.add("env: " + f.logicalId() + " can select BERTH_DNS=" + p + ", which CloudAdapters.dns does not know");
            }
        }
        return providers;
    }

    // --- 3. permissions ---

    static void permissions(Set<String> out) {
        for (FunctionResource f : template.functions().values()) {
            String id = f.logicalId();
            IamGrants grants = IamGrants.of(properties(id).get("Policies"), cfn, "Resources." + id + ".Policies");
            grants.problems().forEach(p -> out.add("iam: " + p));
            Map<String, String> env = cfn.environmentOf(f);
            String handler = f.handlerClass();
            String table = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + env.getOrDefault("BERTH_TABLE", "?");

            // DynamoDB: every function that builds repositories (ApiRoot/WorkflowRoot.fromEnvironment).
            if (!NO_TABLE.contains(id)) {
                need(out, grants, id, "dynamodb:GetItem", table, "reads the table");
                need(out, grants, id, "dynamodb:Query", table + "/index/GSI1", "queries the table's indexes");
                if (!TABLE_READ_ONLY.contains(id)) {
                    need(out, grants, id, "dynamodb:PutItem", table, "writes the table");
                    need(out, grants, id, "dynamodb:UpdateItem", table, "writes the table");
                    need(out, grants, id, "dynamodb:DeleteItem", table, "writes the table");
                }
            }

            // Step Functions: each machine named in BERTH_STATE_MACHINES is started; READS_EXECUTIONS reads executions.
            for (String machine : stateMachinesNamed(f).keySet()) {
                if (!READS_EXECUTIONS.getOrDefault(handler, Map.of()).containsKey(machine) || STARTS.getOrDefault(handler, List.of()).contains(machine)) {
                    need(out, grants, id, "states:StartExecution", "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + machine,
                            "starts " + machine);
                }
            }
            READS_EXECUTIONS.getOrDefault(handler, Map.of()).forEach((machine, actions) -> actions.forEach(action ->
                    need(out, grants, id, action, "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + machine + ":EXECUTION",
                            "reads " + machine + "'s executions")));

            // SSM: settings named by the environment (SsmSettings), then the secret store (SECRETS).
            if (env.containsKey("BERTH_OPENSTACK_SSM_PATH")) {
                need(out, grants, id, "ssm:GetParametersByPath", ssmArn(env.get("BERTH_OPENSTACK_SSM_PATH")),
                        "reads the OpenStack settings under BERTH_OPENSTACK_SSM_PATH");
            }
            for (String variable : List.of("BERTH_SSH_KEY_SSM_PARAMETER", "BERTH_GITHUB_TOKEN_SSM_PARAMETER", "BERTH_GANDI_TOKEN_SSM_PARAMETER")) {
                if (env.containsKey(variable)) {
                    need(out, grants, id, "ssm:GetParameter", ssmArn(env.get(variable)), "reads " + variable);
                }
            }
            String prefix = env.getOrDefault("BERTH_SECRETS_SSM_PREFIX", "/berth/secrets");
            for (SecretUse use : SECRETS.getOrDefault(id, List.of())) {
                for (String action : use.actions()) {
                    need(out, grants, id, action, ssmArn(prefix + "/" + use.secret()), "uses the secret " + use.secret());
                }
            }

            // S3: the backup bucket, and the storage servers' buckets.
            if (env.containsKey("BERTH_BACKUP_BUCKET")) {
                String bucket = env.get("BERTH_BACKUP_BUCKET");
                for (String action : List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject")) {
                    need(out, grants, id, action, "arn:aws:s3:::" + bucket + "/instances/ID/backup", "uses the backup bucket");
                }
                need(out, grants, id, "s3:ListBucket", "arn:aws:s3:::" + bucket, "lists the backup bucket");
            }
            if (STORAGE_BUCKET_USERS.contains(id)) {
                String pattern = cfn.parameterValues().getOrDefault("StorageBucketPattern", "?");
                String bucket = pattern.replace("*", "example");
                need(out, grants, id, "s3:DeleteObject", "arn:aws:s3:::" + bucket + "/instances/ID/file", "empties storage prefixes");
                need(out, grants, id, "s3:ListBucket", "arn:aws:s3:::" + bucket, "lists storage prefixes");
            }

            // Lambda: the jobs function (LambdaJobRuns).
            if (env.containsKey("BERTH_JOBS_FUNCTION")) {
                need(out, grants, id, "lambda:InvokeFunction", "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:"
                        + env.get("BERTH_JOBS_FUNCTION"), "invokes BERTH_JOBS_FUNCTION");
            }

            // Route 53: when its BERTH_DNS can be route53.
            if (needed(handler).contains("BERTH_DNS") && dnsProviders(f, new TreeSet<>()).contains("route53")) {
                need(out, grants, id, "route53:ChangeResourceRecordSets", "arn:aws:route53:::hostedzone/"
                        + env.getOrDefault("BERTH_ROUTE53_ZONE_ID", "ZONE"), "writes Route 53 records (BERTH_DNS=route53)");
            }
        }

        // State machines: they invoke the functions their definitions substitute.
        for (StateMachineResource sm : template.stateMachines().values()) {
            String id = sm.logicalId();
            IamGrants grants = IamGrants.of(properties(id).get("Policies"), cfn, "Resources." + id + ".Policies");
            grants.problems().forEach(p -> out.add("iam: " + p));
            sm.definitionSubstitutions().forEach((key, value) -> {
                String function = getAttArnFunction(value);
                if (function != null) {
                    need(out, grants, id, "lambda:InvokeFunction", "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function,
                            "invokes " + function + " (DefinitionSubstitutions." + key + ")");
                }
            });
        }
    }

    private static void need(Set<String> out, IamGrants grants, String id, String action, String resource, String why) {
        if (!grants.allows(action, resource)) {
            out.add("iam: " + id + " " + why + " but its Policies do not allow " + action + " on " + resource);
        }
    }

    private static String ssmArn(String name) {
        return "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter" + (name.startsWith("/") ? "" : "/") + name;
    }

    // --- 4. references ---

    static void references(Set<String> out) {
        Set<String> parameters = map(raw.get("Parameters")).keySet();
        Set<String> resources = map(raw.get("Resources")).keySet();
        walk(raw, "", (where, function, argument) -> {
            switch (function) {
                case "Ref" -> {
                    String name = String.valueOf(argument);
                    if (!parameters.contains(name) && !resources.contains(name) && !PSEUDO_PARAMETERS.contains(name)) {
                        out.add("ref: " + where + ": Ref " + name + " is neither a parameter, a resource nor a pseudo parameter");
                    }
                }
                case "Fn::GetAtt" -> {
                    String resource = argument instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                            : String.valueOf(argument).split("\\.", 2)[0];
                    if (!resources.contains(resource)) {
                        out.add("ref: " + where + ": Fn::GetAtt of " + resource + ", which is not a resource");
                    }
                }
                case "Fn::Sub" -> {
                    String text;
                    Set<String> variables = Set.of();
                    if (argument instanceof List<?> l && !l.isEmpty()) {
                        text = String.valueOf(l.get(0));
                        variables = l.size() > 1 ? map(l.get(1)).keySet() : Set.of();
                    } else {
                        text = String.valueOf(argument);
                    }
                    Matcher m = SUB_VARIABLE.matcher(text);
                    while (m.find()) {
                        String name = m.group(1).trim();
                        if (name.startsWith("!") || variables.contains(name) || PSEUDO_PARAMETERS.contains(name)) {
                            continue;
                        }
                        String target = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                        if (!(name.contains(".") ? resources.contains(target) : parameters.contains(target) || resources.contains(target))) {
                            out.add("ref: " + where + ": Fn::Sub ${" + name + "} names neither a parameter nor a resource");
                        }
                    }
                }
                default -> {
                }
            }
        });
    }

    interface IntrinsicVisitor {
        void visit(String where, String function, Object argument);
    }

    private static void walk(Object node, String where, IntrinsicVisitor visitor) {
        if (node instanceof Map<?, ?> m) {
            if (m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    visitor.visit(where, key, m.values().iterator().next());
                }
            }
            m.forEach((k, v) -> walk(v, where.isEmpty() ? String.valueOf(k) : where + "." + k, visitor));
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(l.get(i), where + "[" + i + "]", visitor);
            }
        }
    }

    // --- 5. state machines ---

    static void stateMachines(Set<String> out) {
        Pattern placeholder = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");
        Set<String> started = new TreeSet<>();
        for (StateMachineResource sm : template.stateMachines().values()) {
            String id = sm.logicalId();
            Path file = sm.definitionFile();
            if (file == null || !Files.isRegularFile(file)) {
                out.add("statemachine: " + id + ": DefinitionUri " + (file == null ? "(none)" : root.relativize(file)) + " does not exist");
                continue;
            }
            String asl;
            try {
                asl = Files.readString(file);
                JSON.readTree(asl);
            } catch (IOException e) {
                out.add("statemachine: " + id + ": " + root.relativize(file) + " is not readable JSON: " + e.getMessage());
                continue;
            }
            Set<String> used = new TreeSet<>();
            Matcher m = placeholder.matcher(asl);
            while (m.find()) {
                used.add(m.group(1));
            }
            for (String name : used) {
                Object value = sm.definitionSubstitutions().get(name);
                if (value == null) {
                    out.add("statemachine: " + id + ": ${" + name + "} in " + root.relativize(file) + " is not in its DefinitionSubstitutions");
                } else if (name.endsWith("FunctionArn")) {
                    String function = getAttArnFunction(value);
                    if (function == null || !template.functions().containsKey(function)) {
                        out.add("statemachine: " + id + ": DefinitionSubstitutions." + name + " is not Fn::GetAtt [Function, Arn] of a function of the template");
                    }
                }
            }
            for (String name : sm.definitionSubstitutions().keySet()) {
                if (!used.contains(name)) {
                    out.add("statemachine: " + id + ": DefinitionSubstitutions." + name + " is not used by " + root.relativize(file));
                }
            }
        }
        for (FunctionResource f : template.functions().values()) {
            String id = f.logicalId();
            Map<String, String> named = stateMachinesNamed(f);
            named.forEach((name, target) -> {
                started.add(target);
                if (!template.stateMachines().containsKey(target)) {
                    out.add("statemachine: " + id + ": BERTH_STATE_MACHINES names " + name + "=${" + target + "}, which is not a state machine of the template");
                } else if (!name.equals(target)) {
                    out.add("statemachine: " + id + ": BERTH_STATE_MACHINES maps " + name + " to ${" + target + "}: the code's name and the resource differ");
                }
            });
            Set<String> needed = new TreeSet<>(STARTS.getOrDefault(f.handlerClass(), List.of()));
            needed.addAll(READS_EXECUTIONS.getOrDefault(f.handlerClass(), Map.of()).keySet());
            for (String machine : needed) {
                if (!named.containsKey(machine)) {
                    out.add("statemachine: " + id + " (" + simpleName(f.handlerClass()) + ") uses " + machine
                            + " but its BERTH_STATE_MACHINES does not name it");
                }
            }
            for (String machine : named.keySet()) {
                if (!needed.contains(machine)) {
                    out.add("statemachine: " + id + " names " + machine + " in BERTH_STATE_MACHINES, which its code (STARTS/READS_EXECUTIONS) does not use");
                }
            }
        }
        for (String sm : template.stateMachines().keySet()) {
            if (!started.contains(sm)) {
                out.add("statemachine: " + sm + " is named in no function's BERTH_STATE_MACHINES: nothing starts it");
            }
        }
    }

    /** BERTH_STATE_MACHINES's pairs, name -> the resource its ${X} names (or the literal value). */
    static Map<String, String> stateMachinesNamed(FunctionResource f) {
        Object value = f.environment().get("BERTH_STATE_MACHINES");
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        String text = value instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String s ? s : String.valueOf(value);
        for (String pair : text.split(",")) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length == 2) {
                Matcher m = SUB_VARIABLE.matcher(parts[1].trim());
                out.put(parts[0].trim(), m.matches() ? m.group(1) : parts[1].trim());
            }
        }
        return out;
    }

    // --- 5b. schedules ---

    static void schedules(Set<String> out) {
        Set<String> scheduled = new LinkedHashSet<>();
        for (FunctionResource f : template.functions().values()) {
            for (ScheduleEvent event : f.scheduleEvents()) {
                String where = f.logicalId() + ".Events." + event.eventName();
                if (!f.handlerClass().equals("dev.berth.workflow.jobs.JobsHandler")) {
                    out.add("schedule: " + where + " is on a function that does not run JobsHandler");
                    continue;
                }
                String job;
                try {
                    JsonNode input = JSON.readTree(cfn.resolve(event.input(), where + ".Input"));
                    job = input.path("job").asText(null);
                } catch (IOException | RuntimeException e) {
                    out.add("schedule: " + where + " has no readable JSON Input {\"job\": name}");
                    continue;
                }
                if (job == null || !JobNames.ALL.contains(job)) {
                    out.add("schedule: " + where + " runs job " + job + ", which is not in JobNames.ALL");
                } else if (event.enabled()) {
                    scheduled.add(job);
                }
            }
        }
        for (String job : JobNames.ALL) {
            if (!scheduled.contains(job)) {
                out.add("schedule: job " + job + " (JobNames.ALL) has no enabled schedule in the template");
            }
        }
    }

    // --- the allow-list ---

    static List<String> knownGaps() throws IOException {
        List<String> out = new ArrayList<>();
        try (InputStream in = TemplateConsistencyTest.class.getResourceAsStream(KNOWN_GAPS)) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    out.add(trimmed);
                }
            }
        }
        return out;
    }

    // --- the checks' own machinery, tested ---

    @Test
    void theKnownGapsListHasNoDuplicates() throws IOException {
        List<String> known = knownGaps();
        assertEquals(new LinkedHashSet<>(known).size(), known.size(), "duplicate lines in template-known-gaps.txt");
    }

    @Test
    void iamGlobsAndSamPolicyTemplatesAreReadAsIamDoes() {
        assertTrue(IamGrants.glob("arn:aws:ssm:*:parameter/berth/*").matcher("arn:aws:ssm:r:a:parameter/berth/x/y/z").matches());
        assertFalse(IamGrants.glob("arn:aws:ssm:*:parameter/berth/x/*").matcher("arn:aws:ssm:r:a:parameter/berth/y/z").matches());
        Template t = Template.parse("""
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions: [{AttributeName: PK, AttributeType: S}]
                      KeySchema: [{AttributeName: PK, KeyType: HASH}]
                """, Path.of("/repo"));
        CloudFormationIntrinsics intrinsics = new CloudFormationIntrinsics(t, Map.of());
        IamGrants grants = IamGrants.of(List.of(
                Map.of("DynamoDBReadPolicy", Map.of("TableName", Map.of("Ref", "Table"))),
                Map.of("SSMParameterReadPolicy", Map.of("ParameterName", "berth/*")),
                Map.of("Statement", List.of(Map.of("Effect", "Allow", "Action", List.of("ssm:PutParameter"),
                        "Resource", Map.of("Fn::Sub", "arn:aws:ssm:${AWS::Region}:${AWS::AccountId}:parameter/berth/${AWS::StackName}/secrets/a/*")))))
                , intrinsics, "test");
        assertTrue(grants.problems().isEmpty(), grants.problems().toString());
        String table = "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/Table";
        assertTrue(grants.allows("dynamodb:Query", table + "/index/GSI1"));
        assertFalse(grants.allows("dynamodb:PutItem", table), "a read policy does not write");
        assertTrue(grants.allows("ssm:GetParametersByPath", ssmArn("/berth/openstack")));
        assertTrue(grants.allows("ssm:PutParameter", ssmArn("/berth/" + LocalAws.STACK_NAME + "/secrets/a/b")));
        assertFalse(grants.allows("ssm:PutParameter", ssmArn("/berth/" + LocalAws.STACK_NAME + "/secrets/b/c")));
        assertFalse(grants.allows("ssm:DeleteParameter", ssmArn("/berth/" + LocalAws.STACK_NAME + "/secrets/a/b")));
        assertEquals(List.of("test uses the SAM policy template AWSLambdaRole, which IamGrants does not know"),
                IamGrants.of(List.of(Map.of("AWSLambdaRole", Map.of())), intrinsics, "test").problems());
    }

    @Test
    void theSourceScanTellsRequiredFromOptionalReads() {
        Map<String, EnvironmentReads.Kind> found = new java.util.TreeMap<>();
        EnvironmentReads.read("""
                String a = env.get("BERTH_A");
                String b = env.getOrDefault("BERTH_B", "x");
                boolean c = env.containsKey("BERTH_C");
                String d = required(env, "BERTH_D");
                out.put("BERTH_E", value);
                throw new IllegalStateException("BERTH_F must be set");
                """, found);
        assertEquals(Map.of("BERTH_A", EnvironmentReads.Kind.REQUIRED, "BERTH_B", EnvironmentReads.Kind.OPTIONAL,
                "BERTH_C", EnvironmentReads.Kind.OPTIONAL, "BERTH_D", EnvironmentReads.Kind.REQUIRED), found);
        // The real sources: every module of both deployables was scanned, and the obvious reads are seen.
        assertTrue(reads.modules().containsAll(union(DEPLOYABLE_MODULES.get("api"), DEPLOYABLE_MODULES.get("workflow"))), reads.modules().toString());
        assertEquals(EnvironmentReads.Kind.REQUIRED, reads.readBy(Set.of("core")).get("BERTH_TABLE"));
        assertEquals(EnvironmentReads.Kind.REQUIRED, reads.readBy(Set.of("workflow")).get("BERTH_HAPROXY_HOST"));
    }

    @Test
    void theChecksFindGapsInABrokenTemplate() {
        // A template with one of each kind of gap: the checks must see them (guards against a check
        // that silently finds nothing).
        Template saved = template;
        Map<String, Object> savedRaw = raw;
        CloudFormationIntrinsics savedCfn = cfn;
        try {
            String yaml = """
                    Parameters:
                      Dns: {Type: String, Default: route53, AllowedValues: [route53, gandi]}
                    Resources:
                      Table:
                        Type: AWS::DynamoDB::Table
                        Properties:
                          AttributeDefinitions: [{AttributeName: PK, AttributeType: S}]
                          KeySchema: [{AttributeName: PK, KeyType: HASH}]
                      Routing:
                        Type: AWS::Serverless::Function
                        Properties:
                          CodeUri: functions/workflow/target/berth-workflow-lambda.jar
                          Handler: dev.berth.workflow.routing.RoutingStepsHandler::handleRequest
                          Environment:
                            Variables:
                              BERTH_TABLE: {Ref: Table}
                              BERTH_DNS: {Ref: Dns}
                              BERTH_STATE_MACHINES: {Fn::Sub: "Missing=${Missing}"}
                          Policies:
                            - DynamoDBReadPolicy: {TableName: {Ref: Nowhere}}
                    """;
            template = Template.parse(yaml, root);
            raw = TemplateParser.map(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml), "(root)");
            cfn = new CloudFormationIntrinsics(template, Map.of());
            Set<String> found = new TreeSet<>();
            environment(found);
            references(found);
            stateMachines(found);
            String all = String.join("\n", found);
            assertTrue(all.contains("env: Routing can select BERTH_DNS=gandi but does not set BERTH_GANDI_ZONE"), all);
            assertTrue(all.contains("env: Routing (dev.berth.workflow.routing) does not set BERTH_HAPROXY_HOST"), all);
            assertTrue(all.contains("Ref Nowhere is neither a parameter"), all);
            assertTrue(all.contains("names Missing=${Missing}, which is not a state machine of the template"), all);
        } finally {
            template = saved;
            raw = savedRaw;
            cfn = savedCfn;
        }
    }

    // --- helpers ---

    private static List<String> needed(String handlerClass) {
        Set<String> out = new LinkedHashSet<>();
        NEEDED_ENVIRONMENT.forEach((key, names) -> {
            if (handlerClass.equals(key) || handlerClass.startsWith(key + ".") && appliesTo(key, handlerClass)) {
                out.addAll(names);
            }
        });
        return List.copyOf(out);
    }

    /** A package key applies to the handlers of that package and its sub-packages (dev.berth.workflow covers them all). */
    private static boolean appliesTo(String key, String handlerClass) {
        return handlerClass.startsWith(key + ".");
    }

    private static String deployable(String classOrPackage) {
        if (classOrPackage.equals("dev.berth.api") || classOrPackage.startsWith("dev.berth.api.")) {
            return "api";
        }
        if (classOrPackage.equals("dev.berth.workflow") || classOrPackage.startsWith("dev.berth.workflow.")) {
            return "workflow";
        }
        return null;
    }

    private static String handlerPackage(String handlerClass) {
        return handlerClass.substring(0, handlerClass.lastIndexOf('.'));
    }

    private static String simpleName(String handlerClass) {
        return handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
    }

    /** F for {@code Fn::GetAtt: [F, Arn]} or {@code "F.Arn"}, else null. */
    private static String getAttArnFunction(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("Fn::GetAtt")) {
            Object arg = m.get("Fn::GetAtt");
            if (arg instanceof List<?> l && l.size() == 2 && "Arn".equals(l.get(1))) {
                return String.valueOf(l.get(0));
            }
            if (arg instanceof String s && s.endsWith(".Arn")) {
                return s.substring(0, s.length() - 4);
            }
        }
        return null;
    }

    private static Map<String, Object> properties(String logicalId) {
        return map(map(map(raw.get("Resources")).get(logicalId)).get("Properties"));
    }

    private static Map<String, Object> map(Object value) {
        return TemplateParser.map(value, "template");
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> out = new ArrayList<>();
        for (List<T> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }
}
