package dev.berth.local.testing;

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

    public static Path testTemplate() {
        try {
            return Path.of(Repo.class.getResource("/test-template.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
