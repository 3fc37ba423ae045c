package dev.berth.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Test handler: {@code /boom} throws, {@code /garbage} answers something that is not JSON, and
 * with {@code FAIL_AT_CONSTRUCTION} set it cannot even be built.
 */
public final class FailingHandler implements RequestStreamHandler {

    public FailingHandler(Map<String, String> env) {
        if (env.containsKey("FAIL_AT_CONSTRUCTION")) {
            throw new IllegalStateException(env.get("FAIL_AT_CONSTRUCTION"));
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (event.contains("\"rawPath\":\"/garbage\"")) {
            output.write("this is not json".getBytes(StandardCharsets.UTF_8));
            return;
        }
        throw new IllegalStateException("boom (a test handler failing on purpose)");
    }
}
