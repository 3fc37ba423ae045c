package dev.berth.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.berth.local.template.LocalAws;

/** The Lambda context of one local invocation: its request id, deadline and a logger to stderr. */
final class LocalContext implements Context {
    private final String requestId;
    private final String functionName;
    private final int memoryMb;
    private final long deadlineMillis;
    private final LambdaLogger logger;

    LocalContext(String requestId, String functionName, int memoryMb, int timeoutSeconds) {
        this.requestId = requestId;
        this.functionName = functionName;
        this.memoryMb = memoryMb;
        this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
        this.logger = new StderrLogger(functionName);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + functionName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return LocalAws.functionArn(functionName);
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** What Lambda would send to CloudWatch goes to stderr, tagged with the function name. */
    private static final class StderrLogger implements LambdaLogger {
        private final String prefix;

        StderrLogger(String functionName) {
            this.prefix = "[" + functionName + "] ";
        }

        @Override
        public void log(String message) {
            System.err.println(prefix + message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
