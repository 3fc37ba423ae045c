package dev.berth.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The class path {@code ./berth local} runs on with a class-data archive (AppCDS), which takes jars
 * only: native libraries are left out (sqlite4java finds its own), and a jar whose manifest names
 * further class path entries (DynamoDB Local names {@code .}) is copied without them (Maven's class
 * path already holds what they name).
 *
 * <p>Usage: {@code ArchiveClassPath <classpath file> <local jar> <out folder>}; writes {@code <out>/classpath.txt}.
 */
public final class ArchiveClassPath {
    private ArchiveClassPath() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        List<String> entries = new ArrayList<>(List.of(Path.of(args[1]).toAbsolutePath().toString()));
        for (String entry : Files.readString(Path.of(args[0])).trim().split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            entries.add(withoutClassPath(Path.of(entry), out).toString());
        }
        Files.writeString(out.resolve("classpath.txt"), String.join(java.io.File.pathSeparator, entries));
    }

    private static Path withoutClassPath(Path jar, Path out) throws IOException {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            manifest = in.getManifest();
        }
        if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH) == null) {
            return jar;
        }
        manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
        Path copy = out.resolve(jar.getFileName());
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar));
             JarOutputStream to = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                to.putNextEntry(new JarEntry(entry.getName()));
                in.transferTo(to);
                to.closeEntry();
            }
        }
        return copy;
    }
}
