package dev.berth.local.template;

/** template.yaml says something the local runtime cannot read or does not support; the message names where. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
