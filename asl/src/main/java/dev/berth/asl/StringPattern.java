package dev.berth.asl;

/**
 * StringMatches patterns: {@code *} matches zero or more characters, {@code \*} is a literal
 * {@code *} and {@code \\} a literal backslash; no other character is special. Any other
 * backslash is an open escape, a runtime error.
 */
final class StringPattern {
    private StringPattern() {
    }

    static boolean matches(String pattern, String value) throws TaskFailure {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                char escaped = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                if (escaped != '*' && escaped != '\\') {
                    throw new TaskFailure("States.Runtime", "An open escape in the StringMatches pattern " + pattern);
                }
                regex.append(java.util.regex.Pattern.quote(String.valueOf(escaped)));
                i++;
            } else if (c == '*') {
                regex.append(".*");
            } else {
                regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(value).matches();
    }
}
