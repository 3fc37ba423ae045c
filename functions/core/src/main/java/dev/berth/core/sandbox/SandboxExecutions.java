package dev.berth.core.sandbox;

import dev.berth.core.json.Json;
import dev.berth.core.port.Workflows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Starts PullRequestSandbox executions. Their names make a repeated event start nothing new:
 * one per repository, pull request, head commit and action.
 */
public final class SandboxExecutions {
    public static final String STATE_MACHINE = "PullRequestSandbox";
    private static final int MAX_NAME = 80;
    private final Workflows workflows;

    public SandboxExecutions(Workflows workflows) {
        this.workflows = workflows;
    }

    /** False when an execution of that name already ran or runs. */
    public boolean start(String name, String repository, int number, String action, String headSha) {
        return workflows.start(STATE_MACHINE, name, Json.MAPPER.createObjectNode().put("repository", repository)
                .put("number", number).put("action", action).put("headSha", headSha).toString());
    }

    /** {@code pr<n>-<hash of the repository>-<head>-<what>}, within Step Functions' name rules. */
    public static String name(String repository, int number, String headSha, String what) {
        String name = "pr" + number + "-" + repositoryHash(repository) + "-" + headSha.substring(0, Math.min(12, headSha.length())) + "-" + what;
        name = name.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    private static String repositoryHash(String repository) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repository.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
