package dev.leanforge.bridge.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckedDocument.Region;
import dev.leanforge.bridge.verdict.LeanMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckedDocumentTest {

    @Test
    void layoutOfASingleLineTask() {
        CheckTask task = new CheckTask("import Mathlib", "add_zero'", "theorem add_zero' (n : ℕ) : n + 0 = n :=",
                "by simp");
        CheckedDocument doc = CheckedDocument.of(task);

        assertThat(doc.text()).isEqualTo("import Mathlib\n\ntheorem add_zero' (n : ℕ) : n + 0 = n := by simp\n\n"
                + "#print axioms add_zero'\n");
        assertThat(doc.declarationStartLine()).isEqualTo(2);
        assertThat(doc.declarationEndLine()).isEqualTo(2);
        assertThat(doc.proofStartLine()).isEqualTo(2);
        assertThat(doc.proofStartColumn()).isEqualTo("theorem add_zero' (n : ℕ) : n + 0 = n := ".length());
        assertThat(doc.axiomsLine()).isEqualTo(4);
        assertThat(doc.text().lines().toList().get(doc.axiomsLine())).isEqualTo("#print axioms add_zero'");
    }

    @Test
    void multiLineHeaderStatementAndProof() {
        CheckTask task = new CheckTask("import Mathlib\nopen Nat\n", "T",
                "theorem T (a b : ℕ)\n    (h : a = b) :\n    b = a :=", "by\n  subst h\n  rfl");
        CheckedDocument doc = CheckedDocument.of(task);
        List<String> lines = doc.text().lines().toList();

        assertThat(doc.declarationStartLine()).isEqualTo(4);
        assertThat(lines.get(doc.declarationStartLine())).isEqualTo("theorem T (a b : ℕ)");
        assertThat(doc.proofStartLine()).isEqualTo(6);
        assertThat(lines.get(doc.proofStartLine()).substring(doc.proofStartColumn())).isEqualTo("by");
        assertThat(doc.declarationEndLine()).isEqualTo(8);
        assertThat(lines.get(doc.declarationEndLine())).isEqualTo("  rfl");
        assertThat(doc.axiomsLine()).isEqualTo(10);
        assertThat(lines.get(doc.axiomsLine())).isEqualTo("#print axioms T");
    }

    @Test
    void emptyHeaderStillLeavesTheBlankSeparator() {
        CheckedDocument doc = CheckedDocument.of(new CheckTask("", "t", "theorem t : True :=", "trivial"));

        assertThat(doc.text()).isEqualTo("\n\ntheorem t : True := trivial\n\n#print axioms t\n");
        assertThat(doc.declarationStartLine()).isEqualTo(2);
        assertThat(doc.axiomsLine()).isEqualTo(4);
    }

    @Test
    void regionsOfPositions() {
        CheckTask task = new CheckTask("import Mathlib", "T", "theorem T :\n    True :=", "by\n  trivial");
        CheckedDocument doc = CheckedDocument.of(task);

        assertThat(doc.regionOf(0, 0)).isEqualTo(Region.HEADER);
        assertThat(doc.regionOf(1, 0)).isEqualTo(Region.OTHER);
        assertThat(doc.regionOf(2, 8)).isEqualTo(Region.STATEMENT);
        assertThat(doc.regionOf(3, 4)).isEqualTo(Region.STATEMENT);
        assertThat(doc.regionOf(3, "    True := ".length())).isEqualTo(Region.PROOF);
        assertThat(doc.regionOf(4, 2)).isEqualTo(Region.PROOF);
        assertThat(doc.regionOf(5, 0)).isEqualTo(Region.OTHER);
        assertThat(doc.regionOf(6, 0)).isEqualTo(Region.AXIOMS_COMMAND);
        assertThat(doc.regionOf(7, 0)).isEqualTo(Region.OTHER);
    }

    @Test
    void messagesUseOneBasedLines() {
        CheckedDocument doc = CheckedDocument.of(new CheckTask("import Mathlib", "T", "theorem T : True :=", "by simp"));
        LeanMessage inProof = message(3, 20);
        LeanMessage onName = message(3, 8);
        LeanMessage onAxioms = message(5, 0);

        assertThat(doc.isInProof(inProof)).isTrue();
        assertThat(doc.isInProof(onName)).isFalse();
        assertThat(doc.regionOf(onName)).isEqualTo(Region.STATEMENT);
        assertThat(doc.isOnAxiomsLine(onAxioms)).isTrue();
        assertThat(doc.isOnAxiomsLine(inProof)).isFalse();
    }

    @Test
    void proofColumnCountsUtf16UnitsLikeLsp() {
        // 𝔽 is outside the BMP: two UTF-16 units, as LSP counts them.
        CheckedDocument doc = CheckedDocument.of(new CheckTask("", "T", "theorem T (x : 𝔽) : x = x :=", "rfl"));

        assertThat(doc.proofStartColumn()).isEqualTo("theorem T (x : 𝔽) : x = x := ".length())
                .isEqualTo(30);
    }

    @Test
    void inconsistentLayoutIsRefused() {
        assertThatThrownBy(() -> new CheckedDocument("x", 2, 1, 0, 3, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inconsistent line layout");
    }

    private static LeanMessage message(int line, int column) {
        return new LeanMessage(LeanMessage.Severity.ERROR, line, column, line, column + 1, "x");
    }
}
