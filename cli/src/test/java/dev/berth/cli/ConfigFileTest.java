package dev.berth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    static Cli cli(Map<String, String> env) {
        return new Cli(env, java.io.InputStream.nullInputStream(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), null);
    }

    @Test
    void whereTheFileIs() {
        assertEquals(Path.of("/x/config"), ConfigFile.locate(cli(Map.of("BERTH_CONFIG", "/x/config", "XDG_CONFIG_HOME", "/xdg", "HOME", "/home/u"))).path());
        assertEquals(Path.of("/xdg/berth/config"), ConfigFile.locate(cli(Map.of("XDG_CONFIG_HOME", "/xdg", "HOME", "/home/u"))).path());
        assertEquals(Path.of("/home/u/.config/berth/config"), ConfigFile.locate(cli(Map.of("HOME", "/home/u"))).path());
    }

    @Test
    void storeKeepsCommentsAndOtherProfilesAndWrites0600() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "# mine\n[profile default]\napi = http://a\ntoken = old\n\n[profile other]\napi = http://b\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ConfigFile config = new ConfigFile(file);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("token", "new");
        values.put("api", "http://a2");
        config.store("default", values);
        config.store("other", Map.of("token", "t2"));
        config.store("third", Map.of("api", "http://c"));
        assertEquals(List.of("# mine", "[profile default]", "api = http://a2", "token = new", "", "[profile other]", "api = http://b", "token = t2",
                "", "[profile third]", "api = http://c"), Files.readAllLines(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Map.of("api", "http://b", "token", "t2"), config.profile("other"));
        assertEquals(Map.of(), config.profile("none"));
    }

    @Test
    void aFileGroupOrOthersMayReadIsRefusedWithExit2() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "[default]\ntoken = t\n");
        for (String mode : List.of("rw-r-----", "rw----r--", "rw-rw-rw-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            CliException refused = assertThrows(CliException.class, () -> new ConfigFile(file).read());
            assertEquals(ExitCode.USAGE, refused.exitCode());
            assertTrue(refused.getMessage().contains("chmod 600"), refused.getMessage());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Map.of("token", "t"), new ConfigFile(file).profile("default"), "[NAME] works as [profile NAME]");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(Map.of("token", "t"), new ConfigFile(file).profile("default"));
    }

    @Test
    void aLineThatIsNeitherSectionNorEntryIsAUsageError() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "[profile default]\nthis is not it\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        CliException bad = assertThrows(CliException.class, () -> new ConfigFile(file).read());
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.getMessage().contains("line 2"), bad.getMessage());
    }

    @Test
    void modesAreShownInOctal() {
        assertEquals("0644", ConfigFile.octal(PosixFilePermissions.fromString("rw-r--r--")));
        assertEquals("0600", ConfigFile.octal(PosixFilePermissions.fromString("rw-------")));
        assertEquals("0751", ConfigFile.octal(PosixFilePermissions.fromString("rwxr-x--x")));
    }
}
