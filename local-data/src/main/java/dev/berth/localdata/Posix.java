package dev.berth.localdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Who we run as, and how to run a command as the unprivileged user {@code nobody} when we are root. */
final class Posix {
    /** uid/gid of the user that servers refusing root (PostgreSQL) run as. */
    record Account(String name, int uid, int gid) {
    }

    private Posix() {
    }

    static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return uid instanceof Integer i && i == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The {@code nobody} account from /etc/passwd (65534/65534 on Debian), with the gid of its primary group. */
    static Account nobody() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8)) {
                String[] f = line.split(":");
                if (f.length > 3 && f[0].equals("nobody")) {
                    return new Account("nobody", Integer.parseInt(f[2]), Integer.parseInt(f[3]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through to Debian's numbers
        }
        return new Account("nobody", 65534, 65534);
    }

    static void chown(Path path, Account account) throws IOException {
        Files.setAttribute(path, "unix:uid", account.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", account.gid(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * The command prefix that runs a program as {@code account}: {@code setpriv} (util-linux) keeps the
     * environment and execs, so the child's pid is the server's pid; {@code runuser} is the fallback.
     */
    static Optional<List<String>> runAsPrefix(Account account) {
        Optional<Path> setpriv = Binaries.find("setpriv");
        if (setpriv.isPresent()) {
            return Optional.of(List.of(setpriv.get().toString(), "--reuid=" + account.uid(),
                    "--regid=" + account.gid(), "--clear-groups", "--"));
        }
        Optional<Path> runuser = Binaries.find("runuser");
        if (runuser.isPresent()) {
            return Optional.of(List.of(runuser.get().toString(), "-u", account.name(), "--"));
        }
        return Optional.empty();
    }

    static List<String> concat(List<String> prefix, List<String> command) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(command);
        return all;
    }
}
