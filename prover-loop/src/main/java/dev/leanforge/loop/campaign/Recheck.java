package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.verdict.Verdict;
import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign stores for an attempt whose warm check said {@code PROVED}, once the fresh-process tier has
 * checked it again. The stored verdict is the one that decides what the attempt counts as:
 * <ul>
 *   <li>fresh {@code PROVED}: the warm verdict, and the proof is recorded (with the fresh check's axioms);
 *   <li>fresh {@code FAILED} or {@code REJECTED}: the authoritative tier refused the proof, so the attempt is stored
 *       with that verdict, its reason saying that a warm server had accepted it;
 *   <li>fresh {@code TIMEOUT} or {@code CRASHED}: nothing is known about the proof; the attempt is stored undecided
 *       (left out of pass@k, never a failure) and no proof is recorded.
 * </ul>
 * So in a campaign's attempts, {@code PROVED} means "verified", always with a recorded proof.
 *
 * @param stored       the verdict to store with the attempt
 * @param proof        the fresh tier's acceptance, present exactly when the proof is to be recorded
 * @param disagreement whether the fresh tier refused what a warm server accepted: worth a warning, the tiers
 *                     should agree
 */
record Recheck(Verdict stored, Optional<Verdict.Proved> proof, boolean disagreement) {

    private static final String WARM_SAID = " (a warm server had accepted the proof)";

    Recheck {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(proof, "proof");
    }

    /** A warm verdict other than {@code PROVED}: stored as it is, nothing to recheck. */
    static Recheck notNeeded(Verdict warm) {
        if (warm instanceof Verdict.Proved) {
            throw new IllegalArgumentException("a PROVED verdict is always rechecked");
        }
        return new Recheck(warm, Optional.empty(), false);
    }

    static Recheck of(Verdict.Proved warm, Verdict fresh) {
        return switch (fresh.status()) {
            case PROVED -> new Recheck(warm, Optional.of((Verdict.Proved) fresh), false);
            case FAILED -> {
                Verdict.Failed f = (Verdict.Failed) fresh;
                yield new Recheck(new Verdict.Failed("fresh-process recheck: " + f.reason() + WARM_SAID,
                        f.messages(), f.unsolvedGoals(), f.axioms(), f.elapsed()), Optional.empty(), true);
            }
            case REJECTED -> new Recheck(new Verdict.Rejected("fresh-process recheck: "
                    + ((Verdict.Rejected) fresh).reason() + WARM_SAID, fresh.elapsed()), Optional.empty(), true);
            case CRASHED -> new Recheck(new Verdict.Crashed("fresh-process recheck crashed: "
                    + ((Verdict.Crashed) fresh).reason() + WARM_SAID, fresh.elapsed()), Optional.empty(), false);
            case TIMEOUT -> new Recheck(fresh, Optional.empty(), false);
        };
    }
}
