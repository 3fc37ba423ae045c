package dev.berth.cli;

/**
 * One line on the terminal that says how a long operation is going, rewritten in place on
 * standard error. Nothing at all when the output is not a terminal (piped, scripts, tests).
 */
public final class Progress {
    private final Cli cli;
    private final long started = System.nanoTime();
    private boolean shown;

    public Progress(Cli cli) {
        this.cli = cli;
    }

    public void show(String text) {
        if (!cli.terminal()) {
            return;
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        cli.err().print("\r\033[K" + text + " (" + seconds + "s)");
        cli.err().flush();
        shown = true;
    }

    /** Takes the line away (before printing other output, and at the end). */
    public void clear() {
        if (shown) {
            cli.err().print("\r\033[K");
            cli.err().flush();
            shown = false;
        }
    }
}
