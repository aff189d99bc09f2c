package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both spellings of each message, from spec §4.2 and §10. */
class DiagnosticKindTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "declaration uses 'sorry'                                        | SORRY_WARNING",
        "declaration uses `sorry`                                        | SORRY_WARNING",
        "unsolved goals\\n⊢ Nat                                           | UNSOLVED_GOALS",
        "(deterministic) timeout at `isDefEq`, maximum number of heartbeats (200000) has been reached | HEARTBEAT_LIMIT",
        "(deterministic) timeout at 'whnf', maximum number of heartbeats (200000) has been reached (use 'set_option maxHeartbeats <num>' to set the limit) | HEARTBEAT_LIMIT",
        "maximum recursion depth has been reached                        | RECURSION_LIMIT",
        "unknown identifier 'foo'                                        | UNKNOWN_IDENTIFIER",
        "Unknown identifier `foo`                                        | UNKNOWN_IDENTIFIER",
        "unknown constant 'nope'                                         | UNKNOWN_CONSTANT",
        "Unknown constant `nope`                                         | UNKNOWN_CONSTANT",
        "type mismatch\\n  rfl\\nhas type\\n  f = f : Prop                 | TYPE_MISMATCH",
        "Type mismatch\\n  rfl                                            | TYPE_MISMATCH",
        "application type mismatch\\n  f a                                | TYPE_MISMATCH",
        "(kernel) declaration has metavariables '_example'               | KERNEL",
        "No goals to be solved                                           | NO_GOALS",
        "no goals to be proved                                           | NO_GOALS",
        "Tactic `rewrite` failed: Did not find an occurrence of the pattern | TACTIC_FAILED",
        "tactic 'rewrite' failed, did not find instance of the pattern   | TACTIC_FAILED",
        "unexpected token '/-!'; expected ')', '_', identifier or term   | PARSE",
        "unexpected end of input                                         | PARSE",
        "unknown tactic                                                  | PARSE",
        "'Foo.bar' depends on axioms: [propext]                          | AXIOMS_ANSWER",
        "'Foo.bar' does not depend on any axioms                         | AXIOMS_ANSWER",
        "Try this: exact rfl                                             | OTHER",
        "declaration uses sorryAx somewhere                              | OTHER"
    })
    void recognisesStablePrefixes(String text, DiagnosticKind kind) {
        assertThat(DiagnosticKind.of(text.replace("\\n", "\n"))).isEqualTo(kind);
    }
}
