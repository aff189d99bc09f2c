package dev.leanforge.loop.theorems.extract;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code theorem} or {@code lemma} found in a source, by offsets into that source.
 *
 * <p>The statement runs from {@code start} (its first modifier: docstring, attributes, {@code open … in},
 * {@code private} …, else the keyword) to {@code statementEnd}, just after the {@code :=} that ends the signature.
 * For a {@link Body#SORRY} declaration the placeholder proof runs from there to {@code end}, just after
 * {@code sorry}, so {@code statement + placeholder} is exactly the source text of the declaration.
 *
 * @param keyword       {@code theorem} or {@code lemma}
 * @param name          the name as written, e.g. {@code Foo.bar} or {@code «my theorem»}
 * @param qualifiedName the name with the enclosing namespaces, as {@code #print axioms} needs it
 * @param start         offset of the first char of the statement
 * @param nameStart     offset of the name
 * @param statementEnd  offset just after {@code :=}; -1 for {@link Body#NO_ASSIGN}
 * @param end           offset just after the declaration's last token
 * @param body          what follows the signature
 * @param docstring     the docstring's text between {@code /--} and {@code -/}, trimmed
 */
public record Declaration(String keyword, String name, String qualifiedName, int start, int nameStart,
                          int statementEnd, int end, Body body, Optional<String> docstring) {

    /** What follows a declaration's signature. */
    public enum Body {
        /** {@code := sorry} or {@code := by sorry}, with any whitespace and comments between: a problem. */
        SORRY,
        /** Anything else after {@code :=}: a proof, which makes the declaration context for later problems. */
        PROOF,
        /** No {@code :=} closes the signature (equation-style proofs, or text that is not Lean). */
        NO_ASSIGN
    }

    public Declaration {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(qualifiedName, "qualifiedName");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(docstring, "docstring");
    }

    public boolean isProblem() {
        return body == Body.SORRY;
    }

    /** The statement text, ending with {@code :=}. */
    public String statement(String source) {
        if (statementEnd < 0) {
            throw new IllegalStateException(name + " has no ':='");
        }
        return source.substring(start, statementEnd);
    }

    /** The placeholder proof after {@code :=}, e.g. {@code " by sorry"}; only for {@link Body#SORRY}. */
    public String placeholder(String source) {
        if (body != Body.SORRY) {
            throw new IllegalStateException(name + " is not a sorry problem");
        }
        return source.substring(statementEnd, end);
    }
}
