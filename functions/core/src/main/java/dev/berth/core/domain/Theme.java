package dev.berth.core.domain;

/**
 * The comprehensive theme an instance shows: one Tutor knows (e.g. {@code indigo}, no repository)
 * or one of the operator's, fetched from a git repository at a ref.
 */
public record Theme(String name, String repository, String ref) {
}
