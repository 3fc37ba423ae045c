package dev.berth.local.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.berth.local.lambda.HandlerCatalog;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the test template are. */
public final class Repo {
    private Repo() {
    }

    /** The repository root: surefire's {@code berth.root}, else the first folder above with a template.yaml. */
    public static Path root() {
        String root = System.getProperty("berth.root");
        Path path = root != null ? Path.of(root).toAbsolutePath() : Path.of("").toAbsolutePath();
        while (path != null && !Files.exists(path.resolve("template.yaml"))) {
            path = path.getParent();
        }
        if (path == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return path;
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }

    /** The test template's handlers, as a deployable's composition root would build them. */
    public static HandlerCatalog testHandlers(String greeting) {
        Map<String, Function<Map<String, String>, RequestStreamHandler>> handlers = Map.of(
                EchoHandler.class.getName(), env -> new EchoHandler(env, greeting),
                FailingHandler.class.getName(), FailingHandler::new);
        return handlerClass -> Optional.ofNullable(handlers.get(handlerClass));
    }

    public static Path testTemplate() {
        try {
            return Path.of(Repo.class.getResource("/test-template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
