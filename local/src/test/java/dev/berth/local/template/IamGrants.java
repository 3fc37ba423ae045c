package dev.berth.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The IAM grants of a SAM function's or state machine's {@code Policies} list, for
 * {@link TemplateConsistencyTest}: SAM policy templates expanded to their actions and resources
 * (as the SAM policy_templates.json defines them), inline {@code Statement} blocks read as written.
 * Resources are resolved with {@link CloudFormationIntrinsics}, i.e. in the local world
 * ({@link LocalAws#REGION}, {@link LocalAws#ACCOUNT_ID}, stack {@link LocalAws#STACK_NAME}); what the
 * code needs is written in the same world, so the comparison is exact up to IAM wildcards.
 */
final class IamGrants {
    record Grant(String action, String resource) {
    }

    private static final String REGION = LocalAws.REGION;
    private static final String ACCOUNT = LocalAws.ACCOUNT_ID;

    /** What each SAM policy template the template uses grants (a template not listed here is a finding). */
    static final Map<String, List<String>> SAM_TEMPLATE_ACTIONS = Map.of(
            "DynamoDBCrudPolicy", List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
                    "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"),
            "DynamoDBReadPolicy", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                    "dynamodb:DescribeTable"),
            "StepFunctionsExecutionPolicy", List.of("states:StartExecution"),
            "SSMParameterReadPolicy", List.of("ssm:DescribeParameters", "ssm:GetParameters", "ssm:GetParameter",
                    "ssm:GetParametersByPath"),
            "S3CrudPolicy", List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
                    "s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration",
                    "s3:DeleteObject"),
            "S3ReadPolicy", List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
                    "s3:GetLifecycleConfiguration"),
            "LambdaInvokePolicy", List.of("lambda:InvokeFunction"));

    private final List<Grant> grants = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private IamGrants() {
    }

    /** The grants of {@code policies} (a raw Policies value); {@code problems} collects what could not be read. */
    static IamGrants of(Object policies, CloudFormationIntrinsics cfn, String where) {
        IamGrants out = new IamGrants();
        if (policies == null) {
            return out;
        }
        List<?> items = policies instanceof List<?> l ? l : List.of(policies);
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> policy)) {
                out.problems.add(where + " has a managed policy by name (" + item + "), which this test cannot read");
                continue;
            }
            for (Map.Entry<?, ?> e : policy.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (name.equals("Statement")) {
                    out.statements(e.getValue(), cfn, where);
                } else {
                    out.samTemplate(name, e.getValue(), cfn, where);
                }
            }
        }
        return out;
    }

    List<String> problems() {
        return problems;
    }

    List<Grant> grants() {
        return grants;
    }

    boolean allows(String action, String resource) {
        for (Grant g : grants) {
            if (glob(g.action().toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches()
                    && glob(g.resource()).matcher(resource).matches()) {
                return true;
            }
        }
        return false;
    }

    private void samTemplate(String name, Object argument, CloudFormationIntrinsics cfn, String where) {
        List<String> actions = SAM_TEMPLATE_ACTIONS.get(name);
        if (actions == null) {
            problems.add(where + " uses the SAM policy template " + name + ", which IamGrants does not know");
            return;
        }
        Map<?, ?> args = argument instanceof Map<?, ?> m ? m : Map.of();
        List<String> resources = new ArrayList<>();
        try {
            switch (name) {
                case "DynamoDBCrudPolicy", "DynamoDBReadPolicy" -> {
                    String table = cfn.resolve(args.get("TableName"), where + " " + name);
                    resources.add("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table);
                    resources.add("arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + table + "/index/*");
                }
                case "StepFunctionsExecutionPolicy" -> resources.add("arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:"
                        + cfn.resolve(args.get("StateMachineName"), where + " " + name));
                case "SSMParameterReadPolicy" -> resources.add("arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter/"
                        + cfn.resolve(args.get("ParameterName"), where + " " + name));
                case "S3CrudPolicy", "S3ReadPolicy" -> {
                    String bucket = cfn.resolve(args.get("BucketName"), where + " " + name);
                    resources.add("arn:aws:s3:::" + bucket);
                    resources.add("arn:aws:s3:::" + bucket + "/*");
                }
                case "LambdaInvokePolicy" -> {
                    String function = cfn.resolve(args.get("FunctionName"), where + " " + name);
                    resources.add("arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function + "*");
                }
                default -> throw new IllegalStateException(name);
            }
        } catch (TemplateException e) {
            problems.add(where + " " + name + ": " + e.getMessage());
            return;
        }
        for (String action : actions) {
            for (String resource : resources) {
                grants.add(new Grant(action, resource));
            }
        }
    }

    private void statements(Object value, CloudFormationIntrinsics cfn, String where) {
        List<?> statements = value instanceof List<?> l ? l : List.of(value);
        for (Object s : statements) {
            if (!(s instanceof Map<?, ?> statement)) {
                problems.add(where + " has a Statement that is not a mapping");
                continue;
            }
            if (!"Allow".equals(statement.get("Effect"))) {
                continue; // a Deny only narrows; the checks only look for what is allowed
            }
            List<String> actions = strings(statement.get("Action"));
            List<String> resources = new ArrayList<>();
            Object resource = statement.get("Resource");
            for (Object r : resource instanceof List<?> l ? l : List.of(resource == null ? "*" : resource)) {
                try {
                    resources.add(cfn.resolve(r, where + " Statement Resource"));
                } catch (TemplateException e) {
                    problems.add(where + " Statement Resource: " + e.getMessage());
                }
            }
            for (String action : actions) {
                for (String r : resources) {
                    grants.add(new Grant(action, r));
                }
            }
        }
    }

    private static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> l) {
            l.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    /** IAM's wildcards: {@code *} any run of characters (slashes included), {@code ?} one character. */
    static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
