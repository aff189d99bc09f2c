package dev.leanforge.bridge.standin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.annotations.SerializedName;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The stand-in's rules file (format in {@code docs/lean-standin.md} and the bridge design): what the scripted Lean
 * answers for which document. Read by {@link LeanStandIn}, written by {@link StandInRules}.
 *
 * @param serverVersion  {@code serverInfo.version} in the initialize result
 * @param sorryStyle     which form of the sorry warning to print (the form changed in Lean 4.28.0-rc1)
 * @param startupDelayMs extra delay when a document's worker starts (didOpen or a changed header), like loading
 *                       the imports
 * @param rules          tried in order against the text after the header; the first whose {@code match} is found
 *                       wins
 * @param fallback       the rule used when none matches ({@code "default"} in JSON); absent: no messages and no
 *                       axioms answer
 */
public record RulesFile(String serverVersion, SorryStyle sorryStyle, long startupDelayMs, List<Rule> rules,
                        @SerializedName("default") Rule fallback) {

    public static final String DEFAULT_SERVER_VERSION = "0.3.0-standin";

    // Gson, not Jackson: the stand-in starts once per simulated Lean process, and Jackson's record binding alone
    // costs about half a second of CPU per start; Gson is loaded for LSP4J anyway. Gson leaves out null fields.
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public RulesFile {
        serverVersion = serverVersion == null ? DEFAULT_SERVER_VERSION : serverVersion;
        sorryStyle = sorryStyle == null ? SorryStyle.BACKTICK : sorryStyle;
        rules = rules == null ? List.of() : List.copyOf(rules);
        fallback = fallback == null ? Rule.NOTHING : fallback;
        if (startupDelayMs < 0) {
            throw new IllegalArgumentException("startupDelayMs must be >= 0, got " + startupDelayMs);
        }
        for (int i = 0; i < rules.size(); i++) {
            String match = rules.get(i).match();
            if (match == null) {
                throw new IllegalArgumentException("rules[" + i + "] has no \"match\" (only \"default\" may omit it)");
            }
            try {
                Pattern.compile(match);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("rules[" + i + "].match is not a Java regex: " + e.getMessage(), e);
            }
        }
    }

    /** The first rule whose {@code match} is found in {@code body} (the text after the header), else the default. */
    public Rule ruleFor(String body) {
        for (Rule rule : rules) {
            if (Pattern.compile(rule.match()).matcher(body).find()) {
                return rule;
            }
        }
        return fallback;
    }

    /**
     * Reads a rules file. {@code //} and {@code /* *}{@code /} comments are allowed (so the commented example of the
     * design is valid); unknown fields and unknown enum words are errors. The exception names the file and the
     * place (line and column, or the JSON path) of the problem.
     */
    public static RulesFile read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            JsonReader reader = new JsonReader(in);
            reader.setStrictness(Strictness.LENIENT);
            JsonElement tree = JsonParser.parseReader(reader);
            StrictFields.check(tree, RulesFile.class, "$");
            return GSON.fromJson(tree, RulesFile.class);
        } catch (RuntimeException e) { // Gson's syntax/type errors and our records' validation errors
            throw new IOException("bad stand-in rules file " + file + ": " + rootMessage(e), e);
        }
    }

    /** Writes this rules file (pretty JSON) and returns {@code file}. */
    public Path write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this));
        return file;
    }

    // Gson wraps a record constructor's validation error as "Failed to invoke constructor …"; report that error.
    private static String rootMessage(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        return e.getMessage();
    }

    /** The two forms of Lean's sorry warning (spec §10). */
    public enum SorryStyle {
        /** {@code declaration uses `sorry`}, Lean ≥ 4.28.0-rc1. */
        @SerializedName("backtick") BACKTICK("declaration uses `sorry`"),
        /** {@code declaration uses 'sorry'}, older Lean. */
        @SerializedName("quote") QUOTE("declaration uses 'sorry'");

        private final String warning;

        SorryStyle(String warning) {
            this.warning = warning;
        }

        public String warning() {
            return warning;
        }
    }

    /** What the stand-in does with a document whose rule this is. */
    public enum Behaviour {
        /** Publish the rule's diagnostics and answer waitForDiagnostics. */
        @SerializedName("answer") ANSWER,
        /** Exit the whole process in the middle of the check, like a dying worker. */
        @SerializedName("crash") CRASH,
        /** Start the check and never finish it: waitForDiagnostics is never answered (until cancelled). */
        @SerializedName("hang") HANG,
        /** Header failure: an error at 0:0 and fileProgress kind 2, then answer. */
        @SerializedName("fatal") FATAL,
        /** Like answer, after allocating and keeping {@code growMb} MiB of heap. */
        @SerializedName("grow") GROW
    }

    /**
     * One rule (field meanings in {@code docs/lean-standin.md}).
     *
     * @param axioms the answer to every {@code #print axioms N} line; {@code null} answers {@code unknown constant}
     * @param goals  plainGoal answers: tactic-prefix text ending at the requested position → goal strings
     */
    public record Rule(String match, List<Message> messages, List<String> axioms, boolean sorry,
                       Map<String, List<String>> goals, Behaviour behaviour, int growMb, long delayMs,
                       boolean earlyEmptyProgress, boolean incremental, boolean staleFirst) {

        static final Rule NOTHING = new Rule(null, null, null, false, null, null, 0, 0, false, false, false);

        public Rule {
            messages = messages == null ? List.of() : List.copyOf(messages);
            axioms = axioms == null ? null : List.copyOf(axioms);
            goals = goals == null ? Map.of() : Map.copyOf(goals);
            behaviour = behaviour == null ? Behaviour.ANSWER : behaviour;
            if (growMb < 0 || delayMs < 0) {
                throw new IllegalArgumentException("growMb and delayMs must be >= 0");
            }
            if (growMb > 0 && behaviour != Behaviour.GROW) {
                throw new IllegalArgumentException("growMb is only used with \"behaviour\": \"grow\"");
            }
        }
    }

    /**
     * One diagnostic a rule publishes.
     *
     * @param severity LSP severity: 1 error, 2 warning, 3 information, 4 hint
     * @param at       text whose first occurrence after the header is the range; {@code null}: the declaration's
     *                 first line
     * @param leanTags Lean's tags (1 unsolved goals, 2 goals accomplished); {@code null}: none
     */
    public record Message(int severity, String text, String at, List<Integer> leanTags) {
        public Message {
            if (text == null) {
                throw new IllegalArgumentException("a message needs \"text\"");
            }
            if (severity < 1 || severity > 4) {
                throw new IllegalArgumentException("message \"" + text
                        + "\": severity must be 1 (error), 2 (warning), 3 (information) or 4 (hint), got " + severity);
            }
            leanTags = leanTags == null ? null : List.copyOf(leanTags);
        }

        public static Message error(String text) {
            return new Message(1, text, null, null);
        }

        public static Message warning(String text) {
            return new Message(2, text, null, null);
        }

        public static Message info(String text) {
            return new Message(3, text, null, null);
        }

        /** The same message located at the first occurrence of {@code text} after the header. */
        public Message at(String text) {
            return new Message(severity, this.text, text, leanTags);
        }

        public Message leanTags(Integer... tags) {
            return new Message(severity, text, at, Arrays.asList(tags));
        }
    }
}
