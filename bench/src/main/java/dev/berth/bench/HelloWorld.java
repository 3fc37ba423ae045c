package dev.berth.bench;

/** The baseline of the cold-start ratio: a JVM that starts, prints and exits. */
public final class HelloWorld {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
