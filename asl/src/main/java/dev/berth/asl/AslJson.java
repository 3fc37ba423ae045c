package dev.berth.asl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The interpreter's one Jackson mapper (the module stands alone: it knows nothing of Berth's core). */
final class AslJson {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AslJson() {
    }
}
