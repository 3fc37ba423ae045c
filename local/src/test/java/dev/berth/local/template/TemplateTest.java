package dev.berth.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.local.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Path HERE = Path.of("/repo");

    // --- the real template.yaml ---

    @Test
    void readsTheRealTemplatesTableWithItsIndexesAndTtl() {
        Template template = Template.load(Repo.template());
        TableResource table = template.tables().get("Table");
        assertEquals("Table", table.localTableName());
        assertEquals(List.of(new TableResource.KeyElement("PK", "HASH"), new TableResource.KeyElement("SK", "RANGE")), table.keySchema());
        assertTrue(table.attributes().contains(new TableResource.Attribute("PK", "S")));
        TableResource.SecondaryIndex gsi1 = table.globalSecondaryIndexes().stream().filter(i -> i.name().equals("GSI1")).findFirst().orElseThrow();
        assertEquals(List.of(new TableResource.KeyElement("GSI1PK", "HASH"), new TableResource.KeyElement("GSI1SK", "RANGE")), gsi1.keySchema());
        assertEquals("ALL", gsi1.projectionType());
        assertEquals(new TableResource.TimeToLive("expiresAt", true), table.timeToLive());
    }

    @Test
    void readsTheRealTemplatesFunctionsAndRoutes() {
        Template template = Template.load(Repo.template());
        FunctionResource health = template.function("HealthFunction");
        assertEquals("dev.berth.api.HealthHandler", health.handlerClass());
        assertEquals("handleRequest", health.handlerMethod());
        assertEquals(List.of(new HttpApiEvent("Health", "GET", "/api/v1/health")), health.httpApiEvents());
        assertEquals("GET /api/v1/health", health.httpApiEvents().get(0).routeKey());
        // Globals: Timeout and the environment apply to every function.
        assertEquals(29, health.timeoutSeconds());
        assertEquals(Map.of("Ref", "Table"), health.environment().get("BERTH_TABLE"));
        assertTrue(template.function("InstancesFunction").httpApiEvents().stream()
                .anyMatch(e -> e.routeKey().equals("GET /api/v1/instances/{id}")));
        assertEquals("String", template.parameters().get("CursorSecret").type());
        assertNull(template.parameters().get("CursorSecret").defaultValue());
        assertTrue(template.parameters().get("CursorSecret").noEcho());
    }

    @Test
    void resolvesTheRealTemplatesEnvironmentForTheLocalWorld() {
        Template template = Template.load(Repo.template());
        CloudFormationIntrinsics intrinsics = new CloudFormationIntrinsics(template, Map.of("BaseDomain", "localhost", "CursorSecret", "s".repeat(40)));
        Map<String, String> env = intrinsics.environmentOf(template.function("InstancesFunction"));
        assertEquals("Table", env.get("BERTH_TABLE"));
        assertEquals("localhost", env.get("BERTH_BASE_DOMAIN"));
        assertEquals("s".repeat(40), env.get("BERTH_CURSOR_SECRET"));
        assertEquals(template.parameters().get("SubDomainBlacklist").defaultValue(), env.get("BERTH_SUBDOMAIN_BLACKLIST"));
    }

    @Test
    void resolvesTheRealStateMachinesSubstitutionsToLocalFunctionArns() {
        Template template = Template.load(Repo.template());
        CloudFormationIntrinsics intrinsics = new CloudFormationIntrinsics(template, Map.of("CursorSecret", "x".repeat(32)));
        for (StateMachineResource machine : template.stateMachines().values()) {
            assertTrue(Files.isRegularFile(machine.definitionFile()), machine.definitionFile() + " exists");
            for (String arn : intrinsics.definitionSubstitutionsOf(machine).values()) {
                if (arn.startsWith("arn:aws:lambda:")) {
                    String function = LocalAws.functionNameOf(arn);
                    assertTrue(template.functions().containsKey(function), arn + " names a function of the template");
                }
            }
        }
    }

    // --- small inline templates ---

    private static Template inline(String resources) {
        return Template.parse("""
                Parameters:
                  Domain:
                    Type: String
                    Default: example.com
                  Secret:
                    Type: String
                  Retention:
                    Type: Number
                    Default: 30
                Globals:
                  Function:
                    Timeout: 12
                    Environment:
                      Variables:
                        SHARED: global
                        OVERRIDDEN: global
                Resources:
                  Store:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions:
                        - AttributeName: id
                          AttributeType: S
                      KeySchema:
                        - AttributeName: id
                          KeyType: HASH
                  Flow:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachines/flow.asl.json
                      DefinitionSubstitutions:
                        Step:
                          Fn::GetAtt: [Fn, Arn]
                """ + resources, HERE);
    }

    private static String resolveIn(String value) {
        Template t = inline("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Environment:
                        Variables:
                          VALUE:
                """ + value.indent(12));
        return new CloudFormationIntrinsics(t, Map.of("Secret", "shh")).environmentOf(t.function("Fn")).get("VALUE");
    }

    @Test
    void resolvesRefToParametersPseudoParametersAndResources() {
        assertEquals("example.com", resolveIn("Ref: Domain"));
        assertEquals("shh", resolveIn("Ref: Secret"));
        assertEquals("30", resolveIn("Ref: Retention"));
        assertEquals("us-east-1", resolveIn("Ref: AWS::Region"));
        assertEquals("Store", resolveIn("Ref: Store"));
        assertEquals("Fn", resolveIn("Ref: Fn"));
        assertEquals("arn:aws:states:us-east-1:123456789012:stateMachine:Flow", resolveIn("Ref: Flow"));
    }

    @Test
    void resolvesSubGetAttAndJoin() {
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:Fn", resolveIn("Fn::GetAtt: [Fn, Arn]"));
        assertEquals("arn:aws:lambda:us-east-1:123456789012:function:Fn", resolveIn("Fn::GetAtt: Fn.Arn"));
        assertEquals("arn:aws:dynamodb:us-east-1:123456789012:table/Store", resolveIn("Fn::GetAtt: [Store, Arn]"));
        assertEquals("t=Store d=example.com r=us-east-1 f=arn:aws:lambda:us-east-1:123456789012:function:Fn ${Literal}",
                resolveIn("Fn::Sub: t=${Store} d=${Domain} r=${AWS::Region} f=${Fn.Arn} ${!Literal}"));
        assertEquals("x-example.com-Store", resolveIn("""
                Fn::Sub:
                  - x-${Name}-${Store}
                  - Name:
                      Ref: Domain"""));
        assertEquals("a,Store,example.com", resolveIn("""
                Fn::Join:
                  - ","
                  - - a
                    - Ref: Store
                    - Ref: Domain"""));
    }

    @Test
    void mergesTheGlobalEnvironmentUnderTheFunctionsOwn() {
        Template t = inline("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Timeout: 5
                      Environment:
                        Variables:
                          OVERRIDDEN: mine
                """);
        FunctionResource f = t.function("Fn");
        assertEquals(Map.of("SHARED", "global", "OVERRIDDEN", "mine"), new CloudFormationIntrinsics(t, Map.of()).environmentOf(f));
        assertEquals("a.B", f.handlerClass());
        assertEquals(5, f.timeoutSeconds());
        assertEquals(128, f.memorySizeMb());
    }

    @Test
    void readsSchedulesTheDefaultRouteAndNotesEventsItDoesNotRun() {
        Template t = inline("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::handleRequest
                      Events:
                        Nightly:
                          Type: Schedule
                          Properties:
                            Schedule: cron(0 3 * * ? *)
                            Input: '{"job":"cleanup"}'
                        Hourly:
                          Type: ScheduleV2
                          Properties:
                            ScheduleExpression: rate(1 hour)
                            State: DISABLED
                        Everything:
                          Type: HttpApi
                        Queue:
                          Type: SQS
                          Properties:
                            Queue: arn:aws:sqs:us-east-1:123456789012:q
                """);
        FunctionResource f = t.function("Fn");
        assertEquals(List.of(
                new ScheduleEvent("Nightly", "Schedule", "cron(0 3 * * ? *)", "{\"job\":\"cleanup\"}", true),
                new ScheduleEvent("Hourly", "ScheduleV2", "rate(1 hour)", null, false)), f.scheduleEvents());
        assertTrue(f.httpApiEvents().get(0).isDefaultRoute());
        assertEquals("$default", f.httpApiEvents().get(0).routeKey());
        assertEquals(1, t.warnings().size());
        assertTrue(t.warnings().get(0).contains("Resources.Fn.Properties.Events.Queue"), t.warnings().get(0));
        assertEquals(HERE.resolve("statemachines/flow.asl.json"), t.stateMachines().get("Flow").definitionFile());
        assertEquals(Map.of("Step", "arn:aws:lambda:us-east-1:123456789012:function:Fn"),
                new CloudFormationIntrinsics(t, Map.of()).definitionSubstitutionsOf(t.stateMachines().get("Flow")));
    }

    @Test
    void unsupportedIntrinsicsFailNamingWhereTheyAre() {
        TemplateException e = assertThrows(TemplateException.class, () -> resolveIn("""
                Fn::If: [IsProd, a, b]"""));
        assertTrue(e.getMessage().contains("Fn::If") && e.getMessage().contains("Resources.Fn") && e.getMessage().contains("VALUE"),
                e.getMessage());
        e = assertThrows(TemplateException.class, () -> resolveIn("Ref: Nowhere"));
        assertTrue(e.getMessage().contains("Nowhere"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> resolveIn("Fn::GetAtt: [Store, StreamArn]"));
        assertTrue(e.getMessage().contains("Store.StreamArn"), e.getMessage());
    }

    @Test
    void aParameterWithoutDefaultOrLocalValueFailsWhenUsed() {
        Template t = inline("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Environment:
                        Variables:
                          S:
                            Ref: Secret
                """);
        TemplateException e = assertThrows(TemplateException.class, () -> new CloudFormationIntrinsics(t, Map.of()).environmentOf(t.function("Fn")));
        assertTrue(e.getMessage().contains("Secret has no Default"), e.getMessage());
    }

    @Test
    void shortFormTagsAreRefusedWithAHint() {
        TemplateException e = assertThrows(TemplateException.class, () -> Template.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: !Ref Something
                """, HERE));
        assertTrue(e.getMessage().contains("Ref:"), e.getMessage());
    }

    @Test
    void malformedPartsFailNamingTheirPath() {
        TemplateException e = assertThrows(TemplateException.class, () -> inline("""
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B
                      Events:
                        Files:
                          Type: HttpApi
                          Properties:
                            Method: GET
                            Path: /files/{proxy+}/more
                """));
        assertTrue(e.getMessage().contains("Resources.Fn.Properties.Events.Files.Properties.Path"), e.getMessage());
        e = assertThrows(TemplateException.class, () -> inline("""
                  Bad:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      AttributeDefinitions:
                        - AttributeName: id
                          AttributeType: S
                """));
        assertTrue(e.getMessage().contains("Resources.Bad.Properties.KeySchema"), e.getMessage());
        assertFalse(inline("").tables().isEmpty());
    }
}
