package dev.berth.lambda;

/** A Lambda handler that can run its request path once without leaving a trace (SnapStart priming, and its test). */
public interface Primed {
    Object prime();
}
