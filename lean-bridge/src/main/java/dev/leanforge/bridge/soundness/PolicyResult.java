package dev.leanforge.bridge.soundness;

import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link SourcePolicy#check(String)}: the proof may go to Lean, or it is refused unseen. */
public sealed interface PolicyResult {

    /** Nothing forbidden was found. */
    record Allowed() implements PolicyResult {
    }

    /**
     * A forbidden construct at {@code position} of the proof text.
     *
     * @param construct the rule that fired, as accepted by {@link SourcePolicy#allowing(String...)}
     * @param reason    one line for people, naming the construct and why it is refused
     */
    record Rejected(String construct, String reason, Position position) implements PolicyResult {
        public Rejected {
            Objects.requireNonNull(construct, "construct");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(position, "position");
        }

        /** The verdict for a proof refused before Lean saw it; the position goes into the reason. */
        public Verdict.Rejected toVerdict(Duration elapsed) {
            return new Verdict.Rejected(reason + " (proof line " + position.line() + ", column " + position.column()
                    + ")", elapsed);
        }
    }

    /** A place in the proof text: 1-based line, 0-based column in UTF-16 units (as in {@code LeanMessage}). */
    record Position(int line, int column) {
        static Position at(String text, int offset) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new Position(line, offset - lineStart);
        }
    }
}
