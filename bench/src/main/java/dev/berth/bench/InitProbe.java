package dev.berth.bench;

/**
 * A cold start of a package whose handlers answer no API request (the workflow's steps and jobs):
 * a fresh JVM that builds the handler as Lambda's init does (its no-arg constructor, the root from
 * the process environment) and exits. No request: it is JVM + init only. Args: handler class.
 */
public final class InitProbe {
    public static void main(String[] args) throws Exception {
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        System.out.println("built " + handler.getClass().getName());
        System.exit(0);
    }
}
