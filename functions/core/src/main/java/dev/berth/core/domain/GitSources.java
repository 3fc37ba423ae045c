package dev.berth.core.domain;

import java.util.regex.Pattern;

/**
 * What Berth accepts as a git repository URL and a ref, wherever one enters (instances, watched
 * repositories, pull requests): https, ssh or scp-like URLs only (never {@code ext::}, {@code file:}
 * or anything git would read as an option), and refs as {@code git check-ref-format} allows them
 * that can never start with '-', or a commit SHA.
 */
public final class GitSources {
    private static final Pattern URL = Pattern.compile(
            "(https://|ssh://([A-Za-z0-9._-]+@)?)[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?/[A-Za-z0-9._~/-]+"
                    + "|git@[A-Za-z0-9][A-Za-z0-9.-]*:[A-Za-z0-9._~-][A-Za-z0-9._~/-]*");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._/+-]{0,199}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,40}");

    private GitSources() {
    }

    public static boolean isRepositoryUrl(String url) {
        return url != null && url.length() <= 500 && URL.matcher(url).matches() && !url.contains("..")
                && !url.substring(url.indexOf("://") + 3).contains("//");
    }

    public static boolean isRef(String ref) {
        if (ref == null || !REF.matcher(ref).matches()) {
            return false;
        }
        return !ref.contains("..") && !ref.contains("//") && !ref.endsWith("/") && !ref.endsWith(".") && !ref.endsWith(".lock")
                && !ref.contains("/.") && !ref.contains("@{");
    }

    /** A full or abbreviated commit SHA (fetched by SHA, not cloned as a branch). */
    public static boolean isCommit(String ref) {
        return ref != null && SHA.matcher(ref).matches();
    }

    public static final String URL_PROBLEM = "must be a git URL (https://host/path, ssh://host/path or git@host:path)";
    public static final String REF_PROBLEM = "must be a branch, tag or commit (letters, digits, . _ / + -, not starting with '-')";
}
