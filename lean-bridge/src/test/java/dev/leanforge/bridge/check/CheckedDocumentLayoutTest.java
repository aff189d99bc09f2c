package dev.leanforge.bridge.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckedDocument.Region;
import org.junit.jupiter.api.Test;

/** The invariants of a {@link CheckedDocument}'s layout and of a {@link CheckTask}, at their boundaries. */
class CheckedDocumentLayoutTest {

    @Test
    void aOneLineDeclarationMayShareItsLineWithTheProof() {
        CheckedDocument doc = new CheckedDocument("x", 2, 2, 5, 2, 3);
        assertThat(doc.regionOf(2, 4)).isEqualTo(Region.STATEMENT);
        assertThat(doc.regionOf(2, 5)).isEqualTo(Region.PROOF);
        assertThat(doc.regionOf(3, 0)).isEqualTo(Region.AXIOMS_COMMAND);
        assertThat(doc.regionOf(4, 0)).isEqualTo(Region.OTHER);
        assertThat(doc.regionOf(1, 0)).isEqualTo(Region.OTHER);
        assertThat(doc.regionOf(0, 0)).isEqualTo(Region.HEADER);
    }

    @Test
    void aLayoutOutOfOrderIsRefused() {
        assertThatThrownBy(() -> new CheckedDocument("x", 3, 2, 0, 4, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inconsistent line layout: declaration 3..4, proof from 2, axioms 6");
        assertThatThrownBy(() -> new CheckedDocument("x", 2, 5, 0, 4, 6))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckedDocument("x", 2, 2, 0, 4, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckedDocument("x", 2, 2, 0, 5, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CheckedDocument(null, 2, 2, 0, 2, 4))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aTaskNeedsATheoremName() {
        assertThatThrownBy(() -> new CheckTask("", " ", "theorem t : True :=", "trivial"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("theoremName is blank");
        assertThatThrownBy(() -> new CheckTask("", "", "theorem t : True :=", "trivial"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CheckTask("", "t", "theorem t : True :=", "trivial").declaration())
                .isEqualTo("theorem t : True := trivial");
    }
}
