package dev.leanforge.loop.search;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.proof.Attempt;

/** What an attempt says about its proof. */
public final class Outcomes {

    private Outcomes() {}

    /**
     * Whether the verdict is evidence about the proof: {@code PROVED}, {@code FAILED} or {@code REJECTED}. A crash or
     * a timeout says something about the checker only; such attempts are left out of pass@k and never count as
     * failures.
     */
    public static boolean decided(Attempt attempt) {
        Verdict.Status status = attempt.verdict().status();
        return status != Verdict.Status.TIMEOUT && status != Verdict.Status.CRASHED;
    }

    /** A campaign stores {@code PROVED} only for proofs the fresh-process recheck accepted (and recorded). */
    public static boolean verified(Attempt attempt) {
        return attempt.verdict().status() == Verdict.Status.PROVED;
    }
}
