package dev.leanforge.loop.theorems.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.Token;
import dev.leanforge.loop.theorems.extract.Declaration.Body;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementExtractorTest {

    /**
     * The single problem of {@code source}, checked to round-trip: statement + placeholder is the declaration's
     * exact text, and when the text before it holds code, header + statement + placeholder is the source up to
     * the end of {@code sorry}.
     */
    private static Declaration onlyProblem(String source) {
        Extraction extraction = StatementExtractor.extract(source);
        assertThat(extraction.errors()).isEmpty();
        assertThat(extraction.problems()).hasSize(1);
        Declaration problem = extraction.problems().get(0);
        String statement = problem.statement(source);
        assertThat(statement).endsWith(":=");
        assertThat(statement + problem.placeholder(source)).isEqualTo(source.substring(problem.start(), problem.end()));
        String header = extraction.problemHeaders(0).get(0);
        String before = source.substring(0, problem.start());
        assertThat(header).isEqualTo(extraction.holdsCode(0, problem.start()) ? before : "");
        return problem;
    }

    @Test
    void plainTheoremWithBySorry() {
        String source = "theorem add_zero' (n : Nat) : n + 0 = n := by sorry\n";
        Declaration d = onlyProblem(source);
        assertThat(d.name()).isEqualTo("add_zero'");
        assertThat(d.statement(source)).isEqualTo("theorem add_zero' (n : Nat) : n + 0 = n :=");
        assertThat(d.placeholder(source)).isEqualTo(" by sorry");
    }

    @Test
    void termSorryAndTacticSorryOnTheNextLine() {
        String source = "theorem a : True := sorry\n\nlemma b : 1 = 1 := by\n  sorry\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.problems()).extracting(Declaration::name).containsExactly("a", "b");
        assertThat(e.problems().get(0).placeholder(source)).isEqualTo(" sorry");
        assertThat(e.problems().get(1).placeholder(source)).isEqualTo(" by\n  sorry");
        assertThat(e.problems().get(1).keyword()).isEqualTo("lemma");
        assertThat(e.problemHeaders(0)).containsExactly("", "");
    }

    @Test
    void docstringsAndAttributesBelongToTheStatement() {
        String source = "import Mathlib\n\n/-- The sum is {x := 1}-like: `a := b`. -/\n@[simp, norm_cast]\n"
                + "protected theorem Foo.bar (x : ℕ) : x = x := by sorry";
        Declaration d = onlyProblem(source);
        assertThat(d.name()).isEqualTo("Foo.bar");
        assertThat(d.statement(source)).startsWith("/-- The sum").endsWith("x = x :=");
        assertThat(d.docstring()).contains("The sum is {x := 1}-like: `a := b`.");
        assertThat(StatementExtractor.extract(source).problemHeaders(0)).containsExactly("import Mathlib\n\n");
    }

    @Test
    void commentsAreSkippedIncludingNestedOnes() {
        String source = "/- outer /- inner theorem fake : False := sorry -/ still comment -/\n"
                + "-- theorem alsoFake : False := sorry\n"
                + "theorem real /- a := b -/ : True := -- done soon\n  by sorry -- trailing\n";
        Declaration d = onlyProblem(source);
        assertThat(d.name()).isEqualTo("real");
        assertThat(d.statement(source)).isEqualTo("theorem real /- a := b -/ : True :=");
        assertThat(d.placeholder(source)).isEqualTo(" -- done soon\n  by sorry");
    }

    @Test
    void openInAndSetOptionInAreKeptWithTheStatement() {
        String source = "open Nat Real in\nset_option maxRecDepth 1000 in\ntheorem t : succ 0 = 1 := by sorry\n";
        Declaration d = onlyProblem(source);
        assertThat(d.statement(source)).startsWith("open Nat Real in\nset_option maxRecDepth 1000 in\ntheorem t");
        assertThat(StatementExtractor.extract(source).problemHeaders(0)).containsExactly("");
    }

    @Test
    void unicodeNamesAndGuillemetQuoting() {
        String source = "theorem «my theorem: 1 + 1 = 2» : 1 + 1 = 2 := by sorry\n"
                + "theorem αβ₁.𝓝_le (h₀ : ∀ x : ℕ, x ≥ 0) : True := by sorry\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.problems()).extracting(Declaration::name)
                .containsExactly("«my theorem: 1 + 1 = 2»", "αβ₁.𝓝_le");
    }

    @Test
    void defaultArgumentsAndLetBindersDoNotEndTheSignature() {
        String source = "theorem opt (n : Nat := 5) {s : Foo := { a := 1 }} : let m := n + 1; have h : m = m := rfl;"
                + " m = n + 1 := by sorry";
        Declaration d = onlyProblem(source);
        assertThat(d.statement(source)).endsWith("m = n + 1 :=");
        assertThat(d.placeholder(source)).isEqualTo(" by sorry");
    }

    @Test
    void multiLineStatementsAndStringsWithTrickyText() {
        String source = "theorem ml (s : String)\n    (h : s = \"theorem x := by sorry -- \\\" /-\")\n"
                + "    (c : Char := '\\'') (f : ℕ → ℕ) (g : f '' S = T) :\n    s.length = 0 := by\n  sorry";
        Declaration d = onlyProblem(source);
        assertThat(d.name()).isEqualTo("ml");
        assertThat(d.statement(source)).endsWith("s.length = 0 :=");
    }

    @Test
    void namespacesQualifyNames() {
        String source = "namespace Foo.Bar\nsection\ntheorem a : True := sorry\nend\nend Bar\n"
                + "theorem b : True := sorry\ntheorem _root_.c : True := sorry\nend Foo\ntheorem d : True := sorry\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.problems()).extracting(Declaration::qualifiedName)
                .containsExactly("Foo.Bar.a", "Foo.b", "c", "d");
        assertThat(e.problemHeaders(0).get(1)).isEqualTo("namespace Foo.Bar\nsection\n\nend\nend Bar\n");
    }

    @Test
    void provedTheoremsAreContextAndDoNotEndEarly() {
        String source = "import Mathlib\n\ndef f : Nat → Nat\n| 0 => 1\n| n + 1 => f n\ntermination_by n => n\n\n"
                + "lemma helper (n : Nat) : f n = 1 := by\n  induction n with\n  | zero => rfl\n"
                + "  | succ n ih =>\n    open Nat in\n    simp [f, ih]\n\n"
                + "theorem goal : f 3 = 1 := by sorry\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.declarations()).extracting(Declaration::name, Declaration::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("helper", Body.PROOF),
                        org.assertj.core.groups.Tuple.tuple("goal", Body.SORRY));
        assertThat(e.problemHeaders("import Mathlib".length()))
                .containsExactly(source.substring(0, source.indexOf("theorem goal")));
    }

    @Test
    void proofsThatMerelyStartWithSorryAreNotProblems() {
        String source = "theorem p1 : True := by sorry\n  done\n\ntheorem p2 : True := by\n  intro\n  sorry\n"
                + "theorem p3 : ∀ n : Nat, n = n\n  | 0 => rfl\n  | n + 1 => rfl\n"
                + "theorem p4 : True := sorry\nexample : True := sorry\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.declarations()).extracting(Declaration::body)
                .containsExactly(Body.PROOF, Body.PROOF, Body.NO_ASSIGN, Body.SORRY);
        // Holes before a problem poison its header; the one after the last problem is in no header.
        assertThat(e.holesBeforeProblems()).extracting(Token::start)
                .containsExactly(source.indexOf("sorry"), source.indexOf("sorry\ntheorem p3"));
    }

    @Test
    void absoluteValueBarsAndFloorBracketsStayInTheStatement() {
        String source = "theorem abs_ex (x : ℝ) (h : |x - 1| < 2) : ⌊x⌋ ≤ 3 ∧ ∑ k in Finset.range 3, k = 3 := by sorry";
        Declaration d = onlyProblem(source);
        assertThat(d.statement(source)).endsWith("= 3 :=");
    }

    @Test
    void headersSkipBlankAndCommentOnlyGapsButKeepCode() {
        String source = "import Mathlib\nopen Nat\n\ntheorem a : True := by sorry\n\n-- Lists\n\ntheorem b : True := by sorry\n"
                + "\ndef two := 2\n\ntheorem c : two = 2 := by sorry\n";
        Extraction e = StatementExtractor.extract(source);
        String shared = "import Mathlib\nopen Nat";
        assertThat(e.problemHeaders(shared.length()))
                .containsExactly(shared, shared, shared + "\n\ndef two := 2\n\n");
    }

    @Test
    void indentedDeclarationsInsideANamespace() {
        String source = "namespace N\n  /-- d -/\n  theorem a : True := by sorry\n  @[simp] theorem b : True := by\n"
                + "    sorry\nend N\n";
        Extraction e = StatementExtractor.extract(source);
        assertThat(e.problems()).extracting(Declaration::qualifiedName).containsExactly("N.a", "N.b");
        assertThat(e.problems().get(1).statement(source)).isEqualTo("@[simp] theorem b : True :=");
    }

    @Test
    void unterminatedCommentIsReported() {
        Extraction e = StatementExtractor.extract("theorem a : True := sorry\n/- never closed\n");
        assertThat(e.errors()).extracting(LexError::offset).containsExactly(26);
        assertThat(e.problems()).hasSize(1);
    }

    @Test
    void attributeAfterAProvedTheoremIsNotSwallowedByItsProof() {
        String source = "theorem a : True := by simp [foo]\n@[simp] theorem b : True := by sorry\n";
        Extraction e = StatementExtractor.extract(source);
        List<Declaration> ds = e.declarations();
        assertThat(ds).extracting(Declaration::body).containsExactly(Body.PROOF, Body.SORRY);
        assertThat(ds.get(1).statement(source)).isEqualTo("@[simp] theorem b : True :=");
        assertThat(e.problemHeaders(0)).containsExactly("theorem a : True := by simp [foo]\n");
    }

    @Test
    void splitNameKeepsQuotedDots() {
        assertThat(StatementExtractor.splitName("A.«b.c».d")).containsExactly("A", "«b.c»", "d");
    }
}
