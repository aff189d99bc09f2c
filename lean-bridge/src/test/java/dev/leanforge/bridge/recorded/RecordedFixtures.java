package dev.leanforge.bridge.recorded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.verdict.LeanMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads the real recorded Lean outputs in {@code ${leanforge.shared.dir}/fixtures/lean-recorded} (see its
 * SOURCES.md). Tests call {@link #root()} first, which skips them cleanly when the shared folder is absent; the
 * files are read in place and never copied into the repository.
 */
public final class RecordedFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code --^ method} (target = nearest preceding non-directive line) or {@code --v method} (next line). */
    private static final Pattern DIRECTIVE = Pattern.compile("--([\\^v])\\s+(\\S+)");

    private RecordedFixtures() {
    }

    /** The fixture folder, or a skipped test when {@code leanforge.shared.dir} is unset or lacks it. */
    public static Path root() {
        String shared = System.getProperty("leanforge.shared.dir");
        Assumptions.assumeTrue(shared != null, "system property leanforge.shared.dir is not set");
        Path root = Path.of(shared, "fixtures", "lean-recorded");
        Assumptions.assumeTrue(Files.isDirectory(root), "recorded Lean fixtures absent: " + root);
        return root;
    }

    /** Every file directly in {@code sub} ("lean4" or "repl") whose name ends with {@code suffix}, sorted. */
    public static List<Path> files(String sub, String suffix) {
        try (Stream<Path> s = Files.list(root().resolve(sub))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file, e);
        }
    }

    /** A file of JSON values one after another (REPL {@code .in}/{@code .expected.out}, interactive outputs). */
    public static List<JsonNode> jsonValues(Path file) {
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> values = new ArrayList<>();
            while (it.hasNextValue()) {
                values.add(it.nextValue());
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + file + " is not a sequence of JSON values", e);
        }
    }

    // ---- lean4 interactive tests: <name>.lean + <name>.lean.expected.out ----

    /** One request of an interactive test: method from the input's directive, params and result from the output. */
    public record InteractiveExchange(String method, int line, int character, JsonNode params, JsonNode result) {
    }

    /**
     * Pairs the input's {@code --^}/{@code --v} directives with the output's (params, result) pairs, checking that
     * the recorded request positions are the ones the directives give.
     */
    public static List<InteractiveExchange> interactive(Path leanFile) {
        List<String[]> directives = new ArrayList<>();
        List<String> lines = read(leanFile).lines().toList();
        int target = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = DIRECTIVE.matcher(lines.get(i));
            boolean directive = m.find() && lines.get(i).substring(0, m.start()).isBlank();
            if (!directive) {
                target = i;
                continue;
            }
            int line = m.group(1).equals("^") ? target : i + 1;
            directives.add(new String[] {m.group(2), Integer.toString(line), Integer.toString(m.start() + 2)});
        }
        List<JsonNode> values = jsonValues(leanFile.resolveSibling(leanFile.getFileName() + ".expected.out"));
        if (values.size() != 2 * directives.size()) {
            throw new IllegalStateException(leanFile + ": " + directives.size() + " directives but "
                    + values.size() + " JSON values in the output (expected params and result per directive)");
        }
        List<InteractiveExchange> exchanges = new ArrayList<>();
        for (int k = 0; k < directives.size(); k++) {
            JsonNode params = values.get(2 * k);
            String[] d = directives.get(k);
            int line = params.path("position").path("line").asInt(-1);
            int character = params.path("position").path("character").asInt(-1);
            if (line != Integer.parseInt(d[1]) || character != Integer.parseInt(d[2])) {
                throw new IllegalStateException(leanFile + ": request " + k + " recorded at " + line + ":" + character
                        + " but the directive gives " + d[1] + ":" + d[2]);
            }
            exchanges.add(new InteractiveExchange(d[0], line, character, params, values.get(2 * k + 1)));
        }
        return exchanges;
    }

    // ---- REPL tests: <name>.in + <name>.expected.out ----

    /** One REPL request and its response. */
    public record ReplExchange(JsonNode request, JsonNode response) {
        public boolean isCommand() {
            return request.has("cmd");
        }

        public String cmd() {
            return request.path("cmd").asText();
        }

        /** The response's diagnostics as LeanMessages positioned in {@link #cmd()} (line shifted by {@code firstLine}). */
        public List<LeanMessage> messages(int firstLine) {
            List<LeanMessage> out = new ArrayList<>();
            for (JsonNode m : response.path("messages")) {
                out.add(toLeanMessage(m, cmd(), firstLine));
            }
            return out;
        }

        /** Every goal text in the response: {@code goals[]}, {@code sorries[].goal}, {@code tactics[].goals}. */
        public List<String> goalTexts() {
            List<String> goals = new ArrayList<>();
            response.path("goals").forEach(g -> goals.add(g.asText()));
            response.path("sorries").forEach(s -> goals.add(s.path("goal").asText()));
            response.path("tactics").forEach(t -> goals.add(t.path("goals").asText()));
            return goals;
        }
    }

    public static List<ReplExchange> repl(String name) {
        Path dir = root().resolve("repl");
        List<JsonNode> requests = jsonValues(dir.resolve(name + ".in"));
        List<JsonNode> responses = jsonValues(dir.resolve(name + ".expected.out"));
        if (requests.size() != responses.size()) {
            throw new IllegalStateException("repl/" + name + ": " + requests.size() + " requests but "
                    + responses.size() + " responses");
        }
        List<ReplExchange> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            out.add(new ReplExchange(requests.get(i), responses.get(i)));
        }
        return out;
    }

    /** The names of all REPL pairs ({@code X} for {@code X.in}). */
    public static List<String> replNames() {
        return files("repl", ".in").stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.in$", "")).toList();
    }

    /**
     * A REPL message as a LeanMessage: REPL lines are 1-based like LeanMessage's (shifted by {@code firstLine},
     * the 0-based document line where {@code source} starts); REPL columns count code points and are converted
     * to UTF-16 units using the source line. A position outside the source (the REPL's 0:0 for tactic-mode
     * messages) is kept as it is.
     */
    public static LeanMessage toLeanMessage(JsonNode m, String source, int firstLine) {
        LeanMessage.Severity severity = switch (m.path("severity").asText()) {
            case "error" -> LeanMessage.Severity.ERROR;
            case "warning" -> LeanMessage.Severity.WARNING;
            default -> LeanMessage.Severity.INFORMATION;
        };
        int line = m.path("pos").path("line").asInt();
        int column = utf16Column(source, line, m.path("pos").path("column").asInt());
        JsonNode end = m.has("endPos") ? m.path("endPos") : m.path("pos");
        int endLine = end.path("line").asInt();
        int endColumn = utf16Column(source, endLine, end.path("column").asInt());
        return new LeanMessage(severity, line == 0 ? 0 : line + firstLine, column,
                endLine == 0 ? 0 : endLine + firstLine, endColumn, m.path("data").asText());
    }

    private static int utf16Column(String source, int line1, int codePoints) {
        List<String> lines = source.lines().toList();
        if (line1 < 1 || line1 > lines.size()) {
            return codePoints;
        }
        String text = lines.get(line1 - 1);
        int limit = Math.min(codePoints, text.codePointCount(0, text.length()));
        return text.offsetByCodePoints(0, limit) + (codePoints - limit);
    }

    // ---- lean4/warnSorry.lean: #guard_msgs blocks ----

    /** One message a {@code #guard_msgs} doc comment expects, e.g. {@code warning: declaration uses `sorry`}. */
    public record ExpectedMessage(LeanMessage.Severity severity, String text) {
    }

    /** One {@code #guard_msgs in} block: the messages its doc comment expects (none without one) and the command. */
    public record GuardedCommand(List<ExpectedMessage> expectedMessages, String command) {
    }

    /** The {@code /-- severity: text -/ #guard_msgs in <command>} blocks of a run-test file, in order. */
    public static List<GuardedCommand> guardedCommands(Path leanFile) {
        String text = read(leanFile);
        List<GuardedCommand> out = new ArrayList<>();
        Matcher m = Pattern.compile("(?:/--\\s*(.*?)\\s*-/\\s*\\n)?#guard_msgs in\\n(.*?)(?:\\n\\s*\\n|\\n?$)",
                Pattern.DOTALL).matcher(text);
        while (m.find()) {
            List<ExpectedMessage> expected = new ArrayList<>();
            if (m.group(1) != null) {
                for (String part : m.group(1).split("\\n---\\n")) {
                    int colon = part.indexOf(": ");
                    LeanMessage.Severity severity = switch (part.substring(0, colon)) {
                        case "error" -> LeanMessage.Severity.ERROR;
                        case "warning" -> LeanMessage.Severity.WARNING;
                        case "info" -> LeanMessage.Severity.INFORMATION;
                        default -> throw new IllegalStateException(leanFile + ": unknown severity in " + part);
                    };
                    expected.add(new ExpectedMessage(severity, part.substring(colon + 2)));
                }
            }
            out.add(new GuardedCommand(expected, m.group(2)));
        }
        return out;
    }
}
