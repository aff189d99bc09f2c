package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.soundness.AxiomsReport.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Message texts from spec §7.2 and real {@code #guard_msgs} expectations quoted there. */
class AxiomsReportTest {

    @Test
    void standardAnswer() {
        AxiomsReport r = AxiomsReport.parse("'Foo.bar' depends on axioms: [propext, Classical.choice, Quot.sound]")
                .orElseThrow();

        assertThat(r.constant()).isEqualTo("Foo.bar");
        assertThat(r.axioms()).containsExactly("propext", "Classical.choice", "Quot.sound");
        assertThat(r.forbidden()).isEmpty();
        assertThat(r.isAbout("Foo.bar")).isTrue();
        assertThat(r.isAbout("bar")).isFalse();
    }

    @Test
    void wrappedListOverSeveralLines() {
        AxiomsReport r = AxiomsReport.parse("'A.b' depends on axioms: [propext,\n Classical.choice,\n Quot.sound]")
                .orElseThrow();
        AxiomsReport lax = AxiomsReport.parse("'A.b' depends on axioms: [propext, Classical.choice,\nQuot.sound]")
                .orElseThrow();

        assertThat(r.axioms()).containsExactly("propext", "Classical.choice", "Quot.sound");
        assertThat(lax.axioms()).isEqualTo(r.axioms());
    }

    @Test
    void noAxiomsAtAll() {
        AxiomsReport r = AxiomsReport.parse("'Nat.zero_add' does not depend on any axioms").orElseThrow();

        assertThat(r.constant()).isEqualTo("Nat.zero_add");
        assertThat(r.axioms()).isEmpty();
    }

    @Test
    void constantNamesWithPrimesAndGuillemets() {
        assertThat(AxiomsReport.parse("'bar'' depends on axioms: [Classical.choice, Quot.sound, propext]")
                .orElseThrow().constant()).isEqualTo("bar'");
        AxiomsReport quoted = AxiomsReport.parse("'Foo.«my thm»' does not depend on any axioms").orElseThrow();
        assertThat(quoted.constant()).isEqualTo("Foo.«my thm»");
        assertThat(quoted.isAbout("Foo.«my thm»")).isTrue();
        assertThat(quoted.isAbout("«Foo».«my thm»")).isTrue();
        assertThat(quoted.isAbout("Foo.my")).isFalse();
        assertThat(AxiomsReport.parse("'«a.b»' does not depend on any axioms").orElseThrow().isAbout("a.b"))
                .isFalse();
        assertThat(AxiomsReport.parse("'foo' does not depend on any axioms").orElseThrow().isAbout("_root_.foo"))
                .isTrue();
    }

    @Test
    void sorryAndNativeAxiomsAreForbidden() {
        AxiomsReport r = AxiomsReport.parse("'Foo.bar' depends on axioms: [propext, sorryAx, Classical.choice, "
                + "Quot.sound]").orElseThrow();
        assertThat(r.forbidden()).containsExactly("sorryAx");

        AxiomsReport nat = AxiomsReport.parse("'T' depends on axioms: [propext, Lean.ofReduceBool, "
                + "Lean.trustCompiler, T._native.native_decide.ax_1_1]").orElseThrow();
        assertThat(nat.forbidden()).containsExactly("Lean.ofReduceBool", "Lean.trustCompiler",
                "T._native.native_decide.ax_1_1");
    }

    @Test
    void classification() {
        assertThat(List.of("propext", "Classical.choice", "Quot.sound")).allMatch(a -> AxiomsReport.classify(a)
                == Kind.STANDARD);
        assertThat(AxiomsReport.classify("sorryAx")).isEqualTo(Kind.SORRY);
        assertThat(AxiomsReport.classify("Lean.ofReduceBool")).isEqualTo(Kind.NATIVE);
        assertThat(AxiomsReport.classify("Lean.trustCompiler")).isEqualTo(Kind.NATIVE);
        assertThat(AxiomsReport.classify("Foo.thm._native.native_decide.ax_1_1")).isEqualTo(Kind.NATIVE);
        assertThat(AxiomsReport.classify("cheat")).isEqualTo(Kind.CUSTOM);
        assertThat(AxiomsReport.classify("Classical.em")).isEqualTo(Kind.CUSTOM);
        assertThat(AxiomsReport.refusal("cheat")).isEqualTo("uses custom axiom cheat");
        assertThat(AxiomsReport.refusal("Lean.trustCompiler")).contains("Lean.trustCompiler");
        assertThat(AxiomsReport.refusal("sorryAx")).contains("sorryAx");
    }

    @Test
    void otherTextsAreNoAnswer() {
        assertThat(AxiomsReport.parse("unknown constant 'nope'")).isEmpty();
        assertThat(AxiomsReport.parse("'x' has type Nat")).isEmpty();
        assertThat(AxiomsReport.parse("'x' depends on axioms: [propext, ]")).isEmpty();
        assertThat(AxiomsReport.parse("depends on axioms: [propext]")).isEmpty();
    }

    @Test
    void unknownConstantInBothForms() {
        assertThat(AxiomsReport.unknownConstant("unknown constant 'nope'")).contains("nope");
        assertThat(AxiomsReport.unknownConstant("Unknown constant `Foo.nope`")).contains("Foo.nope");
        assertThat(AxiomsReport.unknownConstant("unknown identifier 'nope'")).isEmpty();
    }
}
