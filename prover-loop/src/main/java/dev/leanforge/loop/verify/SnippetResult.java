package dev.leanforge.loop.verify;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.TheoremInFile;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one snippet.
 *
 * @param theorem  the theorem checked; empty when the snippet was refused before a theorem was found
 * @param verdict  the verdict; {@code REJECTED} for every refusal, whether of the snippet (no theorem, an untrusted
 *                 header, a statement that runs code) or of its proof (the source policy)
 * @param refusal  where the snippet as a whole was refused before anything was checked: no result from Lean or
 *                 the proof scan exists, and the API answers with an {@code error} rather than a REPL response
 * @param position for a proof or statement the source policy refused: the 1-based line and 0-based UTF-16 column
 *                 of the construct in the snippet
 */
public record SnippetResult(Snippet snippet, Optional<TheoremInFile> theorem, Verdict verdict, boolean refusal,
                            Optional<Position> position) {

    /** A place in the snippet: 1-based line, 0-based UTF-16 column (as {@code LeanMessage} counts). */
    public record Position(int line, int column) {}

    public SnippetResult {
        Objects.requireNonNull(snippet, "snippet");
        Objects.requireNonNull(theorem, "theorem");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(position, "position");
    }

    static SnippetResult refused(Snippet snippet, Optional<TheoremInFile> theorem, String reason) {
        return new SnippetResult(snippet, theorem, new Verdict.Rejected(reason, java.time.Duration.ZERO), true,
                Optional.empty());
    }
}
