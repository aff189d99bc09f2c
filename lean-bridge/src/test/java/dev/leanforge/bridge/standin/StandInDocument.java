package dev.leanforge.bridge.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * The text of one document version as the stand-in reads it: header, declaration, {@code #print axioms} lines and
 * LSP positions (0-based line, UTF-16 character, which is Java's {@code char} unit).
 *
 * <p>The header is everything before the first line that starts with {@code theorem }, {@code lemma },
 * {@code example} or {@code @[}; the rest is the body, which rules match against.
 */
final class StandInDocument {

    private static final Pattern DECLARATION_START =
            Pattern.compile("^(?:theorem |lemma |example|@\\[)", Pattern.MULTILINE);
    private static final Pattern DECLARATION_NAME =
            Pattern.compile("\\b(?:theorem|lemma)\\s+([^\\s:(){}\\[\\]]+)|\\bexample\\b");
    private static final Pattern PRINT_AXIOMS =
            Pattern.compile("^[ \\t]*(#print[ \\t]+axioms[ \\t]+(\\S.*?))[ \\t]*$", Pattern.MULTILINE);
    private static final Pattern BY = Pattern.compile("\\bby\\b");

    private final String text;
    private final int bodyStart;
    private final int[] lineStarts;

    StandInDocument(String text) {
        this.text = text;
        Matcher start = DECLARATION_START.matcher(text);
        this.bodyStart = start.find() ? start.start() : text.length();
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    String header() {
        return text.substring(0, bodyStart);
    }

    /** The text after the header: what rules match against. */
    String body() {
        return text.substring(bodyStart);
    }

    /** From the start of the document to its end: the range Lean reports as being processed. */
    Range whole() {
        return new Range(new Position(0, 0), positionAt(text.length()));
    }

    /** The declaration's first line, where messages without {@code at} are placed. */
    Range declarationLine() {
        int end = text.indexOf('\n', bodyStart);
        return range(bodyStart, end < 0 ? text.length() : end);
    }

    /** The first occurrence of {@code needle} after the header, if any. */
    Optional<Range> find(String needle) {
        int at = text.indexOf(needle, bodyStart);
        return at < 0 ? Optional.empty() : Optional.of(range(at, at + needle.length()));
    }

    /**
     * The theorem's name in the first declaration (or the {@code example} keyword), where Lean puts the sorry
     * warning.
     */
    Range declarationName() {
        Matcher m = DECLARATION_NAME.matcher(text);
        if (m.find(bodyStart)) {
            return m.group(1) != null ? range(m.start(1), m.end(1)) : range(m.start(), m.end());
        }
        return declarationLine();
    }

    /** The first {@code by} of the declaration, where Lean reports "Goals accomplished!" for a tactic proof. */
    Optional<Range> firstBy() {
        Matcher m = BY.matcher(text);
        return m.find(bodyStart) ? Optional.of(range(m.start(), m.end())) : Optional.empty();
    }

    /** Every {@code #print axioms NAME} command line after the header, in order. */
    List<PrintAxioms> printAxiomsCommands() {
        List<PrintAxioms> commands = new ArrayList<>();
        Matcher m = PRINT_AXIOMS.matcher(text);
        m.region(bodyStart, text.length());
        while (m.find()) {
            commands.add(new PrintAxioms(m.group(2), range(m.start(1), m.end(1))));
        }
        return commands;
    }

    /** The text from the header's end up to {@code position} (clamped to the document); empty inside the header. */
    Optional<String> bodyUpTo(Position position) {
        int offset = offsetOf(position);
        return offset <= bodyStart ? Optional.empty() : Optional.of(text.substring(bodyStart, offset));
    }

    Position positionAt(int offset) {
        int line = 0;
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lineStarts[mid] <= offset) {
                line = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return new Position(line, offset - lineStarts[line]);
    }

    int offsetOf(Position position) {
        if (position.getLine() >= lineStarts.length) {
            return text.length();
        }
        int lineStart = lineStarts[position.getLine()];
        int lineEnd = position.getLine() + 1 < lineStarts.length ? lineStarts[position.getLine() + 1] - 1 : text.length();
        return Math.min(lineStart + Math.max(0, position.getCharacter()), lineEnd);
    }

    private Range range(int start, int end) {
        return new Range(positionAt(start), positionAt(end));
    }

    /** One {@code #print axioms NAME} command and the range of its text. */
    record PrintAxioms(String constant, Range range) {
    }
}
