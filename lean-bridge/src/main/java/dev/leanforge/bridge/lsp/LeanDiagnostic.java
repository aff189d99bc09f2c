package dev.leanforge.bridge.lsp;

import dev.leanforge.bridge.verdict.LeanMessage;
import java.util.List;
import org.eclipse.lsp4j.Range;

/**
 * One diagnostic with Lean's extensions (spec §4.1). {@code code} is kept as text whether the server sent a
 * string or a number.
 *
 * @param fullRange the real extent; {@code range} may be clipped for display
 * @param leanTags  {@link #UNSOLVED_GOALS}, {@link #GOALS_ACCOMPLISHED}
 * @param isSilent  set on messages such as "Goals accomplished!" that editors do not show
 */
public record LeanDiagnostic(Range range, Range fullRange, Integer severity, String code, String source,
                             String message, List<Integer> tags, List<Integer> leanTags, Boolean isSilent) {

    public static final int UNSOLVED_GOALS = 1;
    public static final int GOALS_ACCOMPLISHED = 2;

    public LeanDiagnostic {
        tags = tags == null ? List.of() : List.copyOf(tags);
        leanTags = leanTags == null ? List.of() : List.copyOf(leanTags);
        message = message == null ? "" : message;
    }

    public boolean hasLeanTag(int tag) {
        return leanTags.contains(tag);
    }

    public boolean silent() {
        return Boolean.TRUE.equals(isSilent);
    }

    /** The extent used for locating the message: {@code fullRange} when present, else {@code range}. */
    public Range location() {
        return fullRange != null ? fullRange : range;
    }

    /** As a {@link LeanMessage}: 1-based lines (LSP line + 1), UTF-16 columns, position 1:0 when none was sent. */
    public LeanMessage toMessage() {
        Range where = location();
        LeanMessage.Severity level = LeanMessage.Severity.fromLsp(severity);
        if (where == null || where.getStart() == null) {
            return new LeanMessage(level, 1, 0, 1, 0, message);
        }
        var start = where.getStart();
        var end = where.getEnd() != null ? where.getEnd() : start;
        return new LeanMessage(level, start.getLine() + 1, start.getCharacter(), end.getLine() + 1,
                end.getCharacter(), message);
    }
}
