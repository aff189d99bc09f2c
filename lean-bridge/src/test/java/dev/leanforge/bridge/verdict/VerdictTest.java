package dev.leanforge.bridge.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {
    private static final Duration T = Duration.ofMillis(7);
    private static final LeanMessage INFO = new LeanMessage(Severity.INFORMATION, 5, 0, 5, 10, "'t' does not depend");

    @Test
    void eachVerdictHasItsOwnStatus() {
        assertThat(new Verdict.Proved(List.of(), List.of(), T).status()).isEqualTo(Verdict.Status.PROVED);
        assertThat(new Verdict.Failed("r", List.of(), List.of(), List.of(), T).status())
                .isEqualTo(Verdict.Status.FAILED);
        assertThat(new Verdict.Rejected("r", T).status()).isEqualTo(Verdict.Status.REJECTED);
        assertThat(new Verdict.Timeout(Duration.ofSeconds(1), T).status()).isEqualTo(Verdict.Status.TIMEOUT);
        assertThat(new Verdict.Crashed("r", T).status()).isEqualTo(Verdict.Status.CRASHED);
    }

    @Test
    void onlyLeansAnswersCarryMessagesAndAxioms() {
        Verdict.Proved proved = new Verdict.Proved(List.of("propext"), List.of(INFO), T);
        assertThat(proved.axioms()).containsExactly("propext");
        assertThat(proved.messages()).containsExactly(INFO);
        assertThat(proved.elapsed()).isEqualTo(T);
        Verdict rejected = new Verdict.Rejected("no", T);
        assertThat(rejected.messages()).isEmpty();
        assertThat(rejected.axioms()).isEmpty();
        assertThat(new Verdict.Timeout(Duration.ofSeconds(1), T).messages()).isEmpty();
        assertThat(new Verdict.Crashed("died", T).axioms()).isEmpty();
    }

    @Test
    void listsAreCopied() {
        List<String> axioms = new ArrayList<>(List.of("propext"));
        Verdict.Failed failed = new Verdict.Failed("r", List.of(INFO), List.of(), axioms, T);
        axioms.add("sorryAx");
        assertThat(failed.axioms()).containsExactly("propext");
        assertThatThrownBy(() -> failed.messages().add(INFO)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void severitiesFromLspNumbersAndTheirWords() {
        assertThat(Severity.fromLsp(null)).isEqualTo(Severity.ERROR);
        assertThat(Severity.fromLsp(1)).isEqualTo(Severity.ERROR);
        assertThat(Severity.fromLsp(2)).isEqualTo(Severity.WARNING);
        assertThat(Severity.fromLsp(3)).isEqualTo(Severity.INFORMATION);
        assertThat(Severity.fromLsp(4)).isEqualTo(Severity.HINT);
        assertThat(Severity.fromLsp(0)).isEqualTo(Severity.ERROR);
        assertThat(Severity.fromLsp(5)).isEqualTo(Severity.ERROR);
        assertThat(Severity.ERROR.word()).isEqualTo("error");
        assertThat(Severity.WARNING.word()).isEqualTo("warning");
        assertThat(Severity.INFORMATION.word()).isEqualTo("information");
        assertThat(Severity.HINT.word()).isEqualTo("hint");
    }

    @Test
    void onlyTheErrorSeverityIsAnError() {
        for (Severity s : Severity.values()) {
            assertThat(new LeanMessage(s, 1, 0, 1, 1, "x").isError()).as(s.name()).isEqualTo(s == Severity.ERROR);
        }
        assertThatThrownBy(() -> new LeanMessage(null, 1, 0, 1, 1, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new LeanMessage(Severity.ERROR, 1, 0, 1, 1, null))
                .isInstanceOf(NullPointerException.class);
    }
}
