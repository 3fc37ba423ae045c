package dev.berth.local.template;

/** The fixed account, region and ARN shapes the local runtime pretends to run in. */
public final class LocalAws {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String PARTITION = "aws";
    public static final String STACK_NAME = "berth-local";
    public static final String HTTP_API_ID = "local";

    private LocalAws() {
    }

    public static String functionArn(String functionName) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    public static String tableArn(String tableName) {
        return "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT_ID + ":table/" + tableName;
    }

    public static String stateMachineArn(String name) {
        return "arn:aws:states:" + REGION + ":" + ACCOUNT_ID + ":stateMachine:" + name;
    }

    /** The function name in a function ARN (also accepts a qualified ARN or a plain name). */
    public static String functionNameOf(String arnOrName) {
        String prefix = "arn:aws:lambda:";
        if (!arnOrName.startsWith(prefix)) {
            return arnOrName;
        }
        String[] parts = arnOrName.split(":");
        // arn:aws:lambda:region:account:function:name[:qualifier]
        return parts.length >= 7 ? parts[6] : arnOrName;
    }
}
