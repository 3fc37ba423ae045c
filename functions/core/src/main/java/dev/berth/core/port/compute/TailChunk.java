package dev.berth.core.port.compute;

import java.util.List;

/** Lines read from a growing file, and the byte offset to read from next time. */
public record TailChunk(List<String> lines, long nextOffset) {
    public TailChunk {
        lines = List.copyOf(lines);
    }
}
