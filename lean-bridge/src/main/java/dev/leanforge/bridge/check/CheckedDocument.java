package dev.leanforge.bridge.check;

import dev.leanforge.bridge.verdict.LeanMessage;
import java.util.Objects;

/**
 * The exact text Lean elaborates for one {@link CheckTask}, and where its parts sit in it.
 *
 * <pre>
 * &lt;header&gt;
 *
 * &lt;statement&gt; &lt;proof&gt;
 *
 * #print axioms &lt;theoremName&gt;
 * </pre>
 *
 * <p>The {@code #print axioms} command goes last so that its answer is positive evidence that the declaration
 * above it was added under its exact name (spec §7.2, §7.5). All line numbers here are 0-based, like LSP's;
 * {@link LeanMessage#line()} is 1-based and is converted by {@link #regionOf(LeanMessage)}.
 *
 * @param text                 the full document text, ending with a newline
 * @param declarationStartLine first line of the statement
 * @param proofStartLine       line on which the (untrusted) proof starts
 * @param proofStartColumn     UTF-16 column on {@code proofStartLine} where the proof starts
 * @param declarationEndLine   last line of the proof
 * @param axiomsLine           line of the {@code #print axioms} command
 */
public record CheckedDocument(String text, int declarationStartLine, int proofStartLine, int proofStartColumn,
                              int declarationEndLine, int axiomsLine) {

    /** The part of the document a position falls in. */
    public enum Region { HEADER, STATEMENT, PROOF, AXIOMS_COMMAND, OTHER }

    public CheckedDocument {
        Objects.requireNonNull(text, "text");
        if (!(declarationStartLine <= proofStartLine && proofStartLine <= declarationEndLine
                && declarationEndLine < axiomsLine)) {
            throw new IllegalArgumentException("inconsistent line layout: declaration " + declarationStartLine
                    + ".." + declarationEndLine + ", proof from " + proofStartLine + ", axioms " + axiomsLine);
        }
    }

    /** Lays out the document for {@code task}. */
    public static CheckedDocument of(CheckTask task) {
        String header = task.header();
        String statement = task.statement();
        String proof = task.proof();
        String text = header + "\n\n" + statement + " " + proof + "\n\n#print axioms " + task.theoremName() + "\n";

        int declarationStart = countNewlines(header) + 2;
        int proofStartLine = declarationStart + countNewlines(statement);
        int lastStatementLineLength = statement.length() - (statement.lastIndexOf('\n') + 1);
        int proofStartColumn = lastStatementLineLength + 1;
        int declarationEnd = proofStartLine + countNewlines(proof);
        return new CheckedDocument(text, declarationStart, proofStartLine, proofStartColumn, declarationEnd,
                declarationEnd + 2);
    }

    /**
     * Which part of the document a 0-based line and UTF-16 column fall in. The blank separator lines count as
     * {@link Region#OTHER}.
     */
    public Region regionOf(int line, int column) {
        if (line < declarationStartLine) {
            return line < declarationStartLine - 1 ? Region.HEADER : Region.OTHER;
        }
        if (line < proofStartLine || (line == proofStartLine && column < proofStartColumn)) {
            return Region.STATEMENT;
        }
        if (line <= declarationEndLine) {
            return Region.PROOF;
        }
        return line == axiomsLine ? Region.AXIOMS_COMMAND : Region.OTHER;
    }

    /** Where a diagnostic starts ({@link LeanMessage#line()} is 1-based). */
    public Region regionOf(LeanMessage message) {
        return regionOf(message.line() - 1, message.column());
    }

    /** Whether the diagnostic starts inside the untrusted proof text. */
    public boolean isInProof(LeanMessage message) {
        return regionOf(message) == Region.PROOF;
    }

    /** Whether the diagnostic starts on the {@code #print axioms} line. */
    public boolean isOnAxiomsLine(LeanMessage message) {
        return message.line() - 1 == axiomsLine;
    }

    private static int countNewlines(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
