package dev.leanforge.loop.theorems.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Elaborated;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Unfinished;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a verdict of the bridge becomes an elaboration outcome (the pool itself is covered end to end in the CLI test). */
class PoolStatementElaboratorTest {

    private static final List<LeanMessage> MESSAGES =
            List.of(new LeanMessage(Severity.WARNING, 3, 8, 3, 9, "declaration uses `sorry`"));

    @Test
    void verdictsWithDiagnosticsGiveThemAndTheOthersSayWhyNot() {
        Duration d = Duration.ofMillis(5);
        assertThat(PoolStatementElaborator.outcome(new Verdict.Failed("declaration uses sorry", MESSAGES, List.of(),
                List.of("sorryAx"), d))).isEqualTo(new Elaborated(MESSAGES));
        assertThat(PoolStatementElaborator.outcome(new Verdict.Proved(List.of(), MESSAGES, d)))
                .isEqualTo(new Elaborated(MESSAGES));
        assertThat(PoolStatementElaborator.outcome(new Verdict.Timeout(Duration.ofSeconds(60), d)))
                .isEqualTo(new Unfinished("no answer within 60 s"));
        assertThat(PoolStatementElaborator.outcome(new Verdict.Crashed("the Lean server exited with code 1", d)))
                .isEqualTo(new Unfinished("the Lean server exited with code 1"));
        assertThat(PoolStatementElaborator.outcome(new Verdict.Rejected("uses `native_decide`", d)))
                .isEqualTo(new Unfinished("the placeholder was refused before Lean saw it: uses `native_decide`"));
    }
}
