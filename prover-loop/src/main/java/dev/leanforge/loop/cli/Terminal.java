package dev.leanforge.loop.cli;

/** Whether progress can be drawn in place (a bar redrawn with carriage returns) or must be plain lines. */
final class Terminal {

    private Terminal() {}

    /**
     * True when the JVM runs on a terminal ({@link System#console()}: standard input and output are one) that is not
     * {@code TERM=dumb}. Output to a file or a pipe, as in CI logs and tests, gets plain lines.
     */
    static boolean interactive() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
