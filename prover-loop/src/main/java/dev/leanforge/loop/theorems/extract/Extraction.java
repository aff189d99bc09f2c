package dev.leanforge.loop.theorems.extract;

import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link StatementExtractor} found in one source: every {@code theorem}/{@code lemma}, the tokens, and any
 * text the lexer could not close.
 *
 * <p>A <em>problem</em> is a declaration whose proof is just {@code sorry}. Everything else in the source is
 * context: the header of a problem is the shared header plus every piece of context before it that holds code
 * (definitions, helper lemmas, {@code namespace} …), exactly as written; text that holds only whitespace and
 * comments is left out, so the problems of a plain file all share the same header.
 */
public record Extraction(String source, List<Token> tokens, List<Declaration> declarations, List<LexError> errors) {

    public Extraction {
        tokens = List.copyOf(tokens);
        declarations = List.copyOf(declarations);
        errors = List.copyOf(errors);
    }

    public List<Declaration> problems() {
        return declarations.stream().filter(Declaration::isProblem).toList();
    }

    /**
     * The header of each problem, in order, given that the source starts with a shared header of
     * {@code sharedHeaderLength} chars; one entry per {@link #problems()} entry. Callers reject problems that
     * start inside the shared header before asking.
     */
    public List<String> problemHeaders(int sharedHeaderLength) {
        List<String> headers = new ArrayList<>();
        StringBuilder context = new StringBuilder(source.substring(0, sharedHeaderLength));
        int position = sharedHeaderLength;
        for (Declaration problem : problems()) {
            if (problem.start() > position && holdsCode(position, problem.start())) {
                context.append(source, position, problem.start());
            }
            headers.add(context.toString());
            position = Math.max(position, problem.end());
        }
        return headers;
    }

    /** Whether any token other than a plain comment overlaps {@code [from, to)}. */
    public boolean holdsCode(int from, int to) {
        // Tokens do not overlap, so their ends are sorted too: find the first one ending after {@code from}.
        int lo = 0;
        int hi = tokens.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (tokens.get(mid).end() <= from) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < tokens.size() && tokens.get(i).start() < to; i++) {
            if (!tokens.get(i).isComment()) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code sorry} and {@code admit} outside the problems' own placeholders but before a problem. Lean's sorry
     * warning anywhere in a checked document makes every proof in it fail, so such a hole in context poisons the
     * problems after it; holes after the last problem are in nobody's header and harmless.
     */
    public List<Token> holesBeforeProblems() {
        List<Declaration> problems = problems();
        int lastStart = problems.isEmpty() ? -1 : problems.get(problems.size() - 1).start();
        List<Token> holes = new ArrayList<>();
        for (Token t : tokens) {
            if ((t.is("sorry") || t.is("admit")) && t.start() < lastStart
                    && problems.stream().noneMatch(p -> p.start() <= t.start() && t.end() <= p.end())) {
                holes.add(t);
            }
        }
        return holes;
    }

    /** The modules named by {@code import} commands, e.g. {@code Mathlib} or {@code MyProject.Defs}. */
    public List<String> imports() {
        List<String> modules = new ArrayList<>();
        List<Token> code = tokens.stream().filter(t -> !t.isComment()).toList();
        for (int i = 0; i + 1 < code.size(); i++) {
            if (code.get(i).is("import") && code.get(i + 1).kind() == Token.Kind.IDENT) {
                modules.add(code.get(i + 1).text());
            }
        }
        return modules;
    }

    /** Whether the source imports Mathlib or one of its modules. */
    public boolean importsMathlib() {
        return imports().stream().anyMatch(m -> m.equals("Mathlib") || m.startsWith("Mathlib."));
    }
}
