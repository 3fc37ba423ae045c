package dev.berth.core.domain;

/** A Tutor plugin an instance enables; {@code version} null takes the one that goes with the instance's Tutor. */
public record TutorPlugin(String name, String version) {
}
