package dev.leanforge.bridge.standin;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

class StandInDocumentTest {

    private static Range range(int line, int start, int end) {
        return new Range(new Position(line, start), new Position(line, end));
    }

    @Test
    void headerEndsBeforeTheFirstDeclarationLine() {
        StandInDocument doc = new StandInDocument(
                "import Mathlib\nopen Real\n-- a theorem in a comment\n\n@[simp] theorem x : True := trivial\n");
        assertThat(doc.header()).isEqualTo("import Mathlib\nopen Real\n-- a theorem in a comment\n\n");
        assertThat(doc.body()).isEqualTo("@[simp] theorem x : True := trivial\n");
        assertThat(doc.declarationName()).isEqualTo(range(4, 16, 17));
    }

    @Test
    void lemmaAndExampleStartTheBodyToo() {
        assertThat(new StandInDocument("import A\n\nlemma l : True := trivial").header()).isEqualTo("import A\n\n");
        StandInDocument example = new StandInDocument("import A\nexample : True := by trivial");
        assertThat(example.header()).isEqualTo("import A\n");
        assertThat(example.declarationName()).isEqualTo(range(1, 0, 7));
        assertThat(example.firstBy()).contains(range(1, 18, 20));
    }

    @Test
    void withoutADeclarationEverythingIsHeader() {
        StandInDocument doc = new StandInDocument("import Mathlib\ndef f := 1\n");
        assertThat(doc.body()).isEmpty();
        assertThat(doc.printAxiomsCommands()).isEmpty();
    }

    @Test
    void theoremNameStopsAtBindersAndColon() {
        StandInDocument doc = new StandInDocument("theorem Foo.bar'(n : Nat): n = n := rfl\n");
        assertThat(doc.declarationName()).isEqualTo(range(0, 8, 16));
    }

    @Test
    void positionsCountUtf16CodeUnits() {
        // 𝔽 is outside the BMP: two UTF-16 units, as LSP counts it.
        StandInDocument doc = new StandInDocument("theorem t : ∀ x : 𝔽, x = x := by\n  simp\n");
        assertThat(doc.find("by")).contains(range(0, 31, 33));
        assertThat(doc.find("simp")).contains(range(1, 2, 6));
        assertThat(doc.whole()).isEqualTo(new Range(new Position(0, 0), new Position(2, 0)));
    }

    @Test
    void findsEveryPrintAxiomsLineAfterTheHeader() {
        StandInDocument doc = new StandInDocument(
                "import A\n\ntheorem a : True := trivial\n\n#print axioms a\n  #print   axioms  «b c»  \n");
        assertThat(doc.printAxiomsCommands()).containsExactly(
                new StandInDocument.PrintAxioms("a", range(4, 0, 15)),
                new StandInDocument.PrintAxioms("«b c»", range(5, 2, 24)));
    }

    @Test
    void bodyUpToIsEmptyInsideTheHeader() {
        StandInDocument doc = new StandInDocument("import A\n\ntheorem a : True := by\n  trivial\n");
        assertThat(doc.bodyUpTo(new Position(0, 4))).isEmpty();
        assertThat(doc.bodyUpTo(new Position(3, 9))).contains("theorem a : True := by\n  trivial");
        assertThat(doc.bodyUpTo(new Position(3, 99))).contains("theorem a : True := by\n  trivial");
        assertThat(doc.bodyUpTo(new Position(99, 0))).contains("theorem a : True := by\n  trivial\n");
    }
}
