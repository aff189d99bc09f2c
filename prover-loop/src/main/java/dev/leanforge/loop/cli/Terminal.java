package dev.leanforge.loop.cli;

/** Whether the command's output goes to a person at a terminal, or to a file or a pipe. */
final class Terminal {

    private Terminal() {}

    /**
     * Whether progress may be drawn as bars that redraw in place: only at a terminal (Java's console exists only
     * when the process is attached to one). In a log file a redrawn bar is a long line that glues onto the next.
     */
    static boolean interactive() {
        return System.console() != null;
    }
}
