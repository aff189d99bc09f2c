package dev.leanforge.loop.check;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.loop.theorems.extract.Declaration;
import dev.leanforge.loop.theorems.extract.Extraction;
import dev.leanforge.loop.theorems.extract.StatementExtractor;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One theorem of a user's {@code .lean} file, as a {@link CheckTask}, and the map from positions in the checked
 * document back to positions in the file, so messages point at the user's own lines.
 *
 * <p>Everything before the theorem is its header (imports, opens, earlier lemmas); anything after it is not
 * checked. The proof is the text after the statement's {@code :=}.
 */
public record TheoremInFile(String file, CheckTask task, CheckedDocument document, int statementLine,
                            int proofLine, int proofColumn) {

    /** The file cannot be checked as asked: no such theorem, unclosed comment, … */
    public static final class NotCheckable extends Exception {
        private static final long serialVersionUID = 1L;

        NotCheckable(String message) {
            super(message);
        }
    }

    /**
     * Finds {@code theoremName} (as written or fully qualified), or the last theorem or lemma with a proof, in
     * {@code source}.
     *
     * @param file how to name the file in messages
     */
    public static TheoremInFile locate(String file, String source, Optional<String> theoremName) throws NotCheckable {
        Extraction extraction = StatementExtractor.extract(source);
        SourceText text = new SourceText(source);
        // Text never closed breaks the file's structure. Malformed or ambiguous text does not: where it is in the
        // proof the source policy refuses it, and elsewhere Lean reports it.
        Optional<LexError> unterminated = extraction.errors().stream()
                .filter(e -> e.cause() == LexError.Cause.UNTERMINATED).findFirst();
        if (unterminated.isPresent()) {
            LexError error = unterminated.get();
            throw new NotCheckable(file + ":" + text.line(error.offset()) + ":" + text.column(error.offset()) + ": "
                    + error.message());
        }
        List<Declaration> candidates = extraction.declarations().stream()
                .filter(d -> d.body() != Declaration.Body.NO_ASSIGN)
                .toList();
        if (candidates.isEmpty()) {
            throw new NotCheckable(file + ": no theorem or lemma with `:=` found; leanforge checks declarations "
                    + "written `theorem name … := proof`");
        }
        if (theoremName.isEmpty()) {
            return of(file, source, text, candidates.get(candidates.size() - 1));
        }
        String name = theoremName.get();
        Declaration target = candidates.stream()
                .filter(d -> d.name().equals(name) || d.qualifiedName().equals(name))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new NotCheckable(file + ": no theorem named " + name + "; found: "
                        + candidates.stream().map(Declaration::qualifiedName).collect(Collectors.joining(", "))));
        return of(file, source, text, target);
    }

    private static TheoremInFile of(String file, String source, SourceText text, Declaration target) {
        String header = source.substring(0, target.start()).stripTrailing();
        String statement = target.statement(source);
        String rawProof = source.substring(target.statementEnd(), target.end());
        String proof = rawProof.strip();
        int proofOffset = target.statementEnd() + rawProof.indexOf(proof);
        CheckTask task = new CheckTask(header, target.qualifiedName(), statement, proof);
        int proofLine = text.line(proofOffset);
        return new TheoremInFile(file, task, CheckedDocument.of(task), text.line(target.start()), proofLine,
                proofOffset - text.lineStart(proofLine));
    }

    private static final Pattern PROOF_POSITION = Pattern.compile("\\(proof line (\\d+), column (\\d+)\\)");
    private static final Pattern DOCUMENT_LINE = Pattern.compile("\\bline (\\d+)\\b");

    /**
     * A verdict's one-line reason with its position in this file's numbering, as the messages have it: the
     * checked document's {@code line N} (the first one named) becomes the file's line, and a refused proof's
     * {@code (proof line P, column C)} becomes {@code (line L, column C')} of the file.
     */
    public String toFileReason(String reason) {
        Matcher proof = PROOF_POSITION.matcher(reason);
        if (proof.find()) {
            int line = Integer.parseInt(proof.group(1));
            int column = Integer.parseInt(proof.group(2));
            int fileLine = proofLine + line - 1;
            int fileColumn = line == 1 ? column + proofColumn : column;
            return reason.substring(0, proof.start()) + "(line " + fileLine + ", column " + fileColumn + ")"
                    + reason.substring(proof.end());
        }
        Matcher document = DOCUMENT_LINE.matcher(reason);
        if (document.find()) {
            int docLine = Integer.parseInt(document.group(1));
            LeanMessage at = new LeanMessage(LeanMessage.Severity.ERROR, docLine, 0, docLine, 0, "");
            return reason.substring(0, document.start()) + "line " + toFilePosition(at).line()
                    + reason.substring(document.end());
        }
        return reason;
    }

    /** {@code message} with its position moved from the checked document to this file (1-based lines). */
    public LeanMessage toFilePosition(LeanMessage message) {
        int docLine = message.line() - 1;
        int line;
        int column = message.column();
        switch (document.regionOf(message)) {
            case HEADER -> line = message.line();
            case STATEMENT -> line = statementLine + (docLine - document.declarationStartLine());
            case PROOF -> {
                line = proofLine + (docLine - document.proofStartLine());
                if (docLine == document.proofStartLine()) {
                    column = column - document.proofStartColumn() + proofColumn;
                }
            }
            // The #print axioms command and the separators are ours: point at the theorem itself.
            default -> {
                line = statementLine;
                column = 0;
            }
        }
        int lineShift = line - message.line();
        int endLine = message.endLine() + lineShift;
        int endColumn = message.endLine() == message.line() ? message.endColumn() + (column - message.column())
                : message.endColumn();
        return new LeanMessage(message.severity(), line, column, endLine, endColumn, message.text());
    }
}
