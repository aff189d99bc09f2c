package dev.leanforge.loop.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecheckTest {

    private static final Duration MS = Duration.ofMillis(3);
    private static final Verdict.Proved WARM = new Verdict.Proved(List.of(), List.of(), MS);

    @Test
    void aFreshAcceptanceKeepsTheWarmVerdictAndRecordsTheFreshOne() {
        Verdict.Proved fresh = new Verdict.Proved(List.of("propext"), List.of(), MS);

        Recheck recheck = Recheck.of(WARM, fresh);

        assertThat(recheck.stored()).isSameAs(WARM);
        assertThat(recheck.proof()).containsSame(fresh);
        assertThat(recheck.disagreement()).isFalse();
    }

    @Test
    void aFreshRefusalIsStoredAsTheFailureItIsWithNoProof() {
        Recheck recheck = Recheck.of(WARM, new Verdict.Failed("unknown identifier", List.of(), List.of(), List.of(),
                MS));

        assertThat(recheck.stored().status()).isEqualTo(Verdict.Status.FAILED);
        assertThat(((Verdict.Failed) recheck.stored()).reason()).isEqualTo(
                "fresh-process recheck: unknown identifier (a warm server had accepted the proof)");
        assertThat(recheck.proof()).isEmpty();
        assertThat(recheck.disagreement()).isTrue();
    }

    @Test
    void aVerdictOtherThanProvedIsStoredAsItIs() {
        Verdict failed = new Verdict.Failed("unsolved goals", List.of(), List.of(), List.of(), MS);

        Recheck none = Recheck.notNeeded(failed);

        assertThat(none.stored()).isSameAs(failed);
        assertThat(none.proof()).isEmpty();
        assertThat(none.disagreement()).isFalse();
    }

    @Test
    void aFreshCrashOrTimeoutLeavesTheAttemptUndecided() {
        Recheck crashed = Recheck.of(WARM, new Verdict.Crashed("exit 137", MS));
        Verdict.Timeout timeout = new Verdict.Timeout(Duration.ofSeconds(1), MS);
        Recheck timedOut = Recheck.of(WARM, timeout);

        assertThat(crashed.stored().status()).isEqualTo(Verdict.Status.CRASHED);
        assertThat(((Verdict.Crashed) crashed.stored()).reason()).startsWith("fresh-process recheck crashed: exit 137");
        assertThat(timedOut.stored()).isSameAs(timeout);
        assertThat(crashed.proof()).isEmpty();
        assertThat(timedOut.proof()).isEmpty();
        assertThat(crashed.disagreement() || timedOut.disagreement()).isFalse();
    }
}
