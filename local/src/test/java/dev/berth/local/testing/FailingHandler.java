package dev.berth.local.testing;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test handler: {@code /boom} throws, {@code /garbage} answers something that is not JSON. */
public final class FailingHandler implements RequestStreamHandler {

    public FailingHandler(Map<String, String> env) {
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
