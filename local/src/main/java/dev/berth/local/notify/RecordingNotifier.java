package dev.berth.local.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.core.json.Json;
import dev.berth.core.monitoring.Notification;
import dev.berth.core.port.Notifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local runtime's mailbox: each incident notice is appended to {@code notifications.jsonl}
 * (one JSON object a line, readable with {@code tail -f}) and kept for the tests to read.
 */
public final class RecordingNotifier implements Notifier {
    private final Path file;
    private final List<Notification> sent = new ArrayList<>();

    public RecordingNotifier(Path file) {
        this.file = file;
    }

    @Override
    public String channel() {
        return "recording";
    }

    @Override
    public synchronized void send(Notification notification) {
        ObjectNode line = Json.MAPPER.createObjectNode();
        line.put("at", notification.at().toString());
        line.put("kind", notification.kind().name().toLowerCase(Locale.ROOT));
        line.put("incidentId", notification.incidentId());
        line.put("instanceId", notification.instanceId());
        line.put("text", notification.headline());
        notification.recipients().forEach(line.putArray("to")::add);
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not record the notice in " + file, e);
        }
        sent.add(notification);
    }

    public synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }
}
