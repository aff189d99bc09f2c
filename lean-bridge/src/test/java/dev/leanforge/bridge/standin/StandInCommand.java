package dev.leanforge.bridge.standin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines that launch the {@link LeanStandIn} test double with this JVM ({@code java.home}) and this test
 * class path ({@code java.class.path}), so tests of any module that has lean-bridge's test-jar can start it.
 *
 * <p>{@link #forRules} gives a {@code --server-cmd} string, run by {@code sh -c}; {@link #argv} gives the same
 * command as a {@link ProcessBuilder} argument list. Setting the system property {@code leanforge.standin.trace}
 * to {@code true} in the test JVM adds {@code --trace} (every received message on the stand-in's stderr).
 */
public final class StandInCommand {

    public static final String TRACE_PROPERTY = "leanforge.standin.trace";

    // A short-lived helper process: the serial collector and the C1 compiler start fastest.
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private StandInCommand() {
    }

    /** Shell command line (for {@code sh -c} / {@code --server-cmd}) that runs the stand-in on {@code rules}. */
    public static String forRules(Path rules) {
        return shellLine(argv(rules, null, Boolean.getBoolean(TRACE_PROPERTY)));
    }

    /** As {@link #forRules(Path)}, also appending each received method to {@code recordFile} as a JSON line. */
    public static String forRules(Path rules, Path recordFile) {
        return shellLine(argv(rules, recordFile, Boolean.getBoolean(TRACE_PROPERTY)));
    }

    /**
     * The stand-in's argument vector.
     *
     * @param recordFile where to record received methods, or {@code null}
     * @param trace      whether the stand-in logs every received message to its stderr
     */
    public static List<String> argv(Path rules, Path recordFile, boolean trace) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(JVM_OPTIONS);
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(LeanStandIn.class.getName());
        argv.add("--rules");
        argv.add(rules.toAbsolutePath().toString());
        if (recordFile != null) {
            argv.add("--record");
            argv.add(recordFile.toAbsolutePath().toString());
        }
        if (trace) {
            argv.add("--trace");
        }
        return argv;
    }

    /** Joins words into one POSIX shell command line, each word single-quoted. */
    static String shellLine(List<String> words) {
        return words.stream().map(StandInCommand::shellQuote).collect(Collectors.joining(" "));
    }

    /** {@code 'word'}, with each {@code '} written as {@code '\''}: nothing inside single quotes is special. */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
