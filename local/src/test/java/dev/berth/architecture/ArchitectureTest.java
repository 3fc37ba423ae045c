package dev.berth.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.berth.local.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/architecture.md, on the compiled classes of every module: the core
 * knows no adapter and no AWS type; handlers and steps reach adapters only through their
 * deployable's composition root; Lambda handlers stay thin.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
    }

    @Test
    void theCoreHoldsNoAwsTypeAndNoAdapter() {
        noClasses().that().resideInAPackage("dev.berth.core..")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..", "dev.berth.aws..",
                        "dev.berth.api..", "dev.berth.workflow..", "dev.berth.cloud..", "dev.berth.network..", "dev.berth.github..",
                        "dev.berth.local..", "dev.berth.localcloud..")
                .because("the core is domain, ports and use cases; adapters live beside it")
                .check(classes);
    }

    /** Issue 19.4: the cost of a request must not grow with the table; every read goes through a key or an index. */
    @Test
    void nothingScansTheTable() {
        noClasses().should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a DynamoDB Scan",
                        call -> call.getTargetOwner().getName().equals("software.amazon.awssdk.services.dynamodb.DynamoDbClient")
                                && call.getName().startsWith("scan")))
                .because("a Scan reads the whole table: list through the indexes, page by page (docs/architecture.md)")
                .check(classes);
    }

    @Test
    void httpHandlersReachAdaptersOnlyThroughTheApiRoot() {
        noClasses().that().resideInAPackage("dev.berth.api..").and().haveNameNotMatching("dev\\.berth\\.api\\.ApiRoot(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.aws..", "software.amazon.awssdk..")
                .because("ApiRoot is the API package's one composition root")
                .check(classes);
    }

    @Test
    void stepsAndJobsReachAdaptersOnlyThroughTheWorkflowRoot() {
        noClasses().that().resideInAPackage("dev.berth.workflow..")
                .and().haveNameNotMatching("dev\\.berth\\.workflow\\.(WorkflowRoot|CloudAdapters)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("dev.berth.aws..", "dev.berth.cloud..", "dev.berth.network..",
                        "dev.berth.github.rest..", "software.amazon.awssdk..")
                .because("WorkflowRoot is the workflow package's one composition root")
                .check(classes);
    }

    @Test
    void deployablesDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("dev.berth.workflow..").should().dependOnClassesThat().resideInAPackage("dev.berth.api..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.berth.api..").should().dependOnClassesThat().resideInAPackage("dev.berth.workflow..")
                .check(classes);
    }

    /** Every Lambda handler template.yaml names: parse, call one use case, render (at most 60 lines of class). */
    @Test
    void lambdaHandlersAreThin() throws IOException {
        Matcher handlers = Pattern.compile("Handler: ([a-zA-Z0-9_.]+)::").matcher(Files.readString(Repo.template()));
        List<String> tooLong = new java.util.ArrayList<>();
        int seen = 0;
        while (handlers.find()) {
            String className = handlers.group(1);
            Path source = source(className);
            long lines;
            try (Stream<String> all = Files.lines(source)) {
                lines = all.filter(line -> !line.startsWith("import ") && !line.startsWith("package ")).count();
            }
            seen++;
            if (lines > 60) {
                tooLong.add(className + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), tooLong, "handlers over ~60 lines");
        assertEquals(true, seen > 10, "the template names its handlers");
    }

    /**
     * Issue 19.3: the base API package leaves the SSM, S3 and Lambda clients out, so its functions' handlers
     * never reach a part of ApiRoot that may use them ({@code @UsesStores}); those run from the full package.
     */
    @Test
    void baseApiPackageHandlersLeaveTheStoresAlone() throws IOException {
        Matcher functions = Pattern.compile("CodeUri: functions/api/target/berth-api-lambda\\.jar\\s+Handler: ([a-zA-Z0-9_.]+)::")
                .matcher(Files.readString(Repo.template()));
        java.util.Set<String> base = new java.util.TreeSet<>();
        while (functions.find()) {
            base.add(functions.group(1));
        }
        assertEquals(true, base.contains("dev.berth.api.InstancesHandler"), "the base package serves the instances: " + base);
        noClasses().that(com.tngtech.archunit.base.DescribedPredicate.describe("handlers of the base API package",
                        (com.tngtech.archunit.core.domain.JavaClass c) -> base.contains(c.getName().replaceAll("\\$.*", ""))))
                .should().accessTargetWhere(com.tngtech.archunit.base.DescribedPredicate.describe("a @UsesStores part of ApiRoot",
                        access -> access.getTarget().resolveMember().map(m -> m.isAnnotatedWith(dev.berth.api.UsesStores.class)).orElse(false)))
                .because("berth-api-lambda.jar carries no SSM, S3 or Lambda client: move the function to berth-api-full-lambda.jar")
                .check(classes);
    }

    private static Path source(String className) throws IOException {
        String relative = "src/main/java/" + className.replace('.', '/') + ".java";
        try (Stream<Path> modules = Files.walk(Repo.root(), 3)) {
            return modules.map(m -> m.resolve(relative)).filter(Files::exists).findFirst()
                    .orElseThrow(() -> new AssertionError("no source for " + className));
        }
    }
}
