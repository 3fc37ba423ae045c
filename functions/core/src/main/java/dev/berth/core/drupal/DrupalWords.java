package dev.berth.core.drupal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The closed vocabulary of commands: drush words (letters, digits and {@code :._=@/-}, no shell
 * meaning) and the built-in hooks. Every word is single-quoted when a command is run.
 */
public final class DrupalWords {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._=@/,-]{0,127}|-{1,2}[A-Za-z][A-Za-z0-9:._=@/,-]{0,127}");
    public static final List<String> HOOKS = List.of("@clear-caches", "@fix-permissions", "@rewrite-settings", "@import-code");

    private DrupalWords() {
    }

    /** The words of one command, or the problem with it. */
    public static Optional<String> problem(String command) {
        if (command == null || command.isBlank()) {
            return Optional.of("a command cannot be empty");
        }
        if (command.startsWith("@")) {
            return HOOKS.contains(command) ? Optional.empty() : Optional.of(command + " is not a hook (hooks: " + String.join(", ", HOOKS) + ")");
        }
        for (String word : words(command)) {
            if (!WORD.matcher(word).matches()) {
                return Optional.of("'" + word + "' is not a drush word (letters, digits, : . _ = @ / , -)");
            }
        }
        return Optional.empty();
    }

    public static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        for (String word : command.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /** The drush words a hook stands for. */
    public static List<String> expand(String command) {
        return switch (command) {
            case "@clear-caches" -> List.of("cache:rebuild");
            case "@fix-permissions" -> List.of("php-eval", "berth_fix_permissions();");
            case "@rewrite-settings" -> List.of("php-eval", "berth_rewrite_settings();");
            case "@import-code" -> List.of("config:import", "-y");
            default -> words(command);
        };
    }

    /** Single quotes for the shell. */
    public static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
