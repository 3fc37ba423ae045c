package dev.berth.local.template;

/** A template parameter; {@code defaultValue} is null when the template gives none. */
public record Parameter(String name, String type, String defaultValue, boolean noEcho) {
}
