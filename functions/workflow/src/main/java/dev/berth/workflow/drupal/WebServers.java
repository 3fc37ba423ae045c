package dev.berth.workflow.drupal;

import dev.berth.core.nodes.Node;
import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.SshTarget;
import dev.berth.core.repository.DeploymentLogs;
import dev.berth.core.repository.Nodes;
import dev.berth.workflow.step.PermanentStepException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The Drupal web servers (ready nodes of role {@code web}) and running commands on them, their output kept in a log. */
public final class WebServers {
    private final Nodes nodes;
    private final RemoteShell shell;
    private final DeploymentLogs logs;
    private final String sshUser;
    private final Clock clock;

    public WebServers(Nodes nodes, RemoteShell shell, DeploymentLogs logs, String sshUser, Clock clock) {
        this.nodes = nodes;
        this.shell = shell;
        this.logs = logs;
        this.sshUser = sshUser;
        this.clock = clock;
    }

    List<SshTarget> all() {
        List<SshTarget> targets = nodes.all(Node.Role.WEB).stream().filter(Node::ready)
                .map(n -> new SshTarget(n.vm().ipv4(), n.vm().sshPort(), sshUser, n.vm().hostKeyFingerprint())).toList();
        if (targets.isEmpty()) {
            throw new PermanentStepException("No ready web server: create a node with role web", null);
        }
        return targets;
    }

    RemoteShell shell() {
        return shell;
    }

    void upload(SshTarget target, String path, String content, int mode) {
        shell.upload(target, path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8), mode);
    }

    /** Runs a command; its output goes to the log {@code logId} (never a secret: none is on a command line). */
    int run(SshTarget target, String logId, String command, List<String> tail) {
        List<String> lines = new ArrayList<>();
        lines.add("$ " + command);
        int status = shell.run(target, command, line -> {
            lines.add(line);
            if (tail != null) {
                tail.add(line);
            }
        });
        lines.add("(exit " + status + ")");
        long last = logs.read(logId, 0, 100_000).stream().mapToLong(l -> l.sequence()).max().orElse(0);
        logs.append(logId, last + 1, lines, clock.instant());
        return status;
    }

    void mustRun(SshTarget target, String logId, String command) {
        int status = run(target, logId, command, null);
        if (status != 0) {
            throw new PermanentStepException("'" + command + "' exited with " + status + " on " + target.host(), null);
        }
    }
}
