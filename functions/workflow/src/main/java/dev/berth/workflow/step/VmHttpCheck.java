package dev.berth.workflow.step;

import dev.berth.core.port.RemoteShell;
import dev.berth.core.port.compute.CloudException;
import dev.berth.core.port.compute.SshTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Asks a web server on a VM for a page from the VM itself, over SSH: the VMs' web ports admit
 * only the load balancer, so Berth's functions cannot ask them directly. Anything but 200 is a
 * {@link HeartbeatNotYetException}, which the state machines retry.
 */
public final class VmHttpCheck {
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._~/?=&%-]*");
    private final RemoteShell shell;
    private final String command;

    /** @param command prints the HTTP status of {@code http://<the VM>:{port}{path}} */
    public VmHttpCheck(RemoteShell shell, String command) {
        this.shell = shell;
        this.command = command;
    }

    public void expectOk(SshTarget vm, int port, String path) {
        if (!SAFE_PATH.matcher(path).matches()) {
            throw new PermanentStepException("The health check path " + path + " has characters a URL path does not need", null);
        }
        List<String> output = new ArrayList<>();
        int exit;
        try {
            exit = shell.run(vm, command.replace("{port}", Integer.toString(port)).replace("{path}", path), output::add);
        } catch (CloudException.Transient e) {
            throw new HeartbeatNotYetException("Could not ask " + vm.host() + " for " + path + ": " + e.getMessage());
        }
        String status = output.isEmpty() ? "" : output.get(output.size() - 1).trim();
        if (exit != 0 || !status.equals("200")) {
            throw new HeartbeatNotYetException((status.matches("\\d{3}") && !status.equals("000") ? "HTTP " + status : "No answer")
                    + " from port " + port + path + " on " + vm.host() + (exit != 0 ? " (exit " + exit + ")" : ""));
        }
    }
}
