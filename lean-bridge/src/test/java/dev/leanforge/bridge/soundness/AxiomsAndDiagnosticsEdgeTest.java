package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link AxiomsReport#parse(String)} and {@link DiagnosticKind#of(String)} at the edges of their forms. */
class AxiomsAndDiagnosticsEdgeTest {

    @Test
    void anAnswerStartsWithTheQuoteOfItsConstant() {
        assertThat(AxiomsReport.parse("foo' depends on axioms: [propext]")).isEmpty();
        assertThat(AxiomsReport.parse("foo' does not depend on any axioms")).isEmpty();
        assertThat(AxiomsReport.parse("  'foo' depends on axioms: [propext]  "))
                .contains(new AxiomsReport("foo", List.of("propext")));
    }

    @Test
    void anAnswerNamesAConstant() {
        // No constant between the quotes: no answer, in either form.
        assertThat(AxiomsReport.parse("' depends on axioms: [propext]")).isEmpty();
        assertThat(AxiomsReport.parse("'' does not depend on any axioms")).isEmpty();
        assertThat(AxiomsReport.parse("' does not depend on any axioms")).isEmpty();
        // The shortest constant.
        assertThat(AxiomsReport.parse("'x' does not depend on any axioms")).contains(new AxiomsReport("x", List.of()));
        assertThat(AxiomsReport.parse("'x' depends on axioms: [a]")).contains(new AxiomsReport("x", List.of("a")));
    }

    @Test
    void aDependsAnswerEndsWithItsBracket() {
        assertThat(AxiomsReport.parse("'x' depends on axioms: [propext] and more")).isEmpty();
        assertThat(AxiomsReport.parse("'x' depends on axioms: []")).isEmpty();
    }

    @Test
    void heartbeatLimitsInEitherSpelling() {
        assertThat(DiagnosticKind.of("(deterministic) timeout at `whnf`")).isEqualTo(DiagnosticKind.HEARTBEAT_LIMIT);
        assertThat(DiagnosticKind.of("(Deterministic) timeout, maximum number of heartbeats (200000) has been "
                + "reached")).isEqualTo(DiagnosticKind.HEARTBEAT_LIMIT);
        assertThat(DiagnosticKind.of("tactic 'simp' failed, maximum number of heartbeats (200000) has been reached"))
                .isEqualTo(DiagnosticKind.HEARTBEAT_LIMIT);
        assertThat(DiagnosticKind.of("timeout at whnf")).isEqualTo(DiagnosticKind.OTHER);
    }
}
