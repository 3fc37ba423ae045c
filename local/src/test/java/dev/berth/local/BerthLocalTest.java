package dev.berth.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.local.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BerthLocalTest {
    private final String template = Repo.template().toString();

    @Test
    void defaultsToPort8080InMemory() {
        LocalOptions options = BerthLocal.parse(List.of("--template", template), Map.of("BERTH_X", "1"));
        assertEquals(8080, options.port());
        assertNull(options.dataFolder());
        assertEquals(Map.of("BERTH_X", "1", "BERTH_LOCAL_DATA_SERVERS", "mysql,postgresql,mongodb,rabbitmq", "BERTH_LOCAL_DATA_IN_BACKGROUND", "true"),
                options.environment(), "the whole data tier runs unless asked otherwise, beside the API");
    }

    @Test
    void dataServersCanBeChosenOrLeftOut() {
        assertEquals("mysql,mongodb", BerthLocal.parse(List.of("--data-servers=mysql,mongodb", "--template", template), Map.of())
                .environment().get("BERTH_LOCAL_DATA_SERVERS"));
        assertEquals("none", BerthLocal.parse(List.of("--data-servers", "none", "--template", template), Map.of())
                .environment().get("BERTH_LOCAL_DATA_SERVERS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BerthLocal.parse(List.of("--data-servers=oracle", "--template", template), Map.of()));
        assertTrue(e.getMessage().contains("unknown kind 'oracle'"), e.getMessage());
    }

    @Test
    void readsPortAndDataInBothSpellings() {
        LocalOptions a = BerthLocal.parse(List.of("--port", "9090", "--data", "/tmp/berth-data", "--template", template), Map.of());
        assertEquals(9090, a.port());
        assertEquals(Path.of("/tmp/berth-data"), a.dataFolder());
        LocalOptions b = BerthLocal.parse(List.of("--port=9191", "--data=/tmp/other", "--template=" + template), Map.of());
        assertEquals(9191, b.port());
        assertEquals(Path.of("/tmp/other"), b.dataFolder());
    }

    @Test
    void helpIsNotAnError() {
        assertNull(BerthLocal.parse(List.of("--help"), Map.of()));
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BerthLocal.parse(List.of("--port", "x", "--template", template), Map.of()))
                .getMessage().contains("--port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BerthLocal.parse(List.of("--port", "70000", "--template", template), Map.of()))
                .getMessage().contains("65535"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BerthLocal.parse(List.of("--data"), Map.of()))
                .getMessage().contains("--data needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BerthLocal.parse(List.of("--verbose"), Map.of()))
                .getMessage().contains("--verbose"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BerthLocal.parse(List.of("--template", "/nowhere.yaml"), Map.of()))
                .getMessage().contains("/nowhere.yaml"));
    }
}
