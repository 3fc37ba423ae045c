package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.resource.Assignments;
import dev.berth.cli.resource.IfMatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The small parts: assignments, the field diff, tables, exit codes, and the module's one dependency rule. */
class PiecesTest {
    @Test
    void assignmentsAreTextOrJsonAndDottedKeysNest() throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode();
        Assignments.apply(body, List.of("name=Demo = 1", "count:=3", "on:=true", "gone:=null", "domainPrefixes.studio=cms",
                "domainPrefixes.preview=pre", "list:=[\"a\"]", "quoted=\"x\""));
        assertEquals(Json.MAPPER.readTree("{\"name\":\"Demo = 1\",\"count\":3,\"on\":true,\"gone\":null,"
                + "\"domainPrefixes\":{\"studio\":\"cms\",\"preview\":\"pre\"},\"list\":[\"a\"],\"quoted\":\"\\\"x\\\"\"}"), body);
        assertEquals(ExitCode.USAGE, assertThrows(CliException.class, () -> Assignments.apply(body, List.of("novalue"))).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CliException.class, () -> Assignments.apply(body, List.of("=x"))).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CliException.class, () -> Assignments.apply(body, List.of("n:={bad"))).exitCode());
    }

    @Test
    void theDiffNamesEveryChangedFieldOnce() throws Exception {
        List<String> diff = IfMatch.diff(
                Json.MAPPER.readTree("{\"name\":\"A\",\"n\":1,\"gone\":\"x\",\"same\":true,\"d\":{\"lms\":\"a\",\"s\":\"b\"},\"ids\":[],\"etag\":\"\\\"v1\\\"\"}"),
                Json.MAPPER.readTree("{\"name\":\"B\",\"n\":2,\"same\":true,\"d\":{\"lms\":\"a\",\"s\":\"c\"},\"ids\":[\"as-1\"],\"new\":null,\"etag\":\"\\\"v2\\\"\"}"));
        assertEquals(List.of("name: \"A\" → \"B\"", "n: 1 → 2", "gone: \"x\" → (absent)", "d.s: \"b\" → \"c\"",
                "ids: [] → [\"as-1\"]", "new: (absent) → null"), diff);
    }

    @Test
    void tablesAlignColumnsAndFlattenCells() {
        List<String> lines = new Table(List.of("id", "name", "status"))
                .row(List.of("in-1", "A long name", "active"))
                .row(List.of("in-22", "Two\nlines", "archived")).lines();
        assertEquals(List.of("id     name         status", "in-1   A long name  active", "in-22  Two lines    archived"), lines);
    }

    @Test
    void httpStatusesMapToExitCodes() {
        assertEquals(5, ExitCode.ofStatus(401));
        assertEquals(5, ExitCode.ofStatus(403));
        assertEquals(3, ExitCode.ofStatus(404));
        assertEquals(4, ExitCode.ofStatus(409));
        assertEquals(4, ExitCode.ofStatus(412));
        assertEquals(1, ExitCode.ofStatus(422));
        assertEquals(1, ExitCode.ofStatus(500));
    }

    private static final java.util.regex.Pattern OTHER_MODULE = java.util.regex.Pattern.compile("\\bdev\\.berth\\.(?!cli\\b)[a-z]");

    /** The CLI speaks only the HTTP API: its main code imports no other Berth module. */
    @Test
    void mainCodeImportsNoOtherBerthModule() throws IOException {
        Path main = Path.of(System.getProperty("berth.root", "..")).resolve("cli/src/main/java");
        try (Stream<Path> files = Files.walk(main)) {
            List<String> offending = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream().filter(l -> OTHER_MODULE.matcher(l).find()).map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertTrue(offending.isEmpty(), offending.toString());
        }
        assertTrue(Files.isDirectory(main.resolve("dev/berth/cli")));
    }
}
