package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.TacticStep;

/**
 * A tactic step as stored, with its row id.
 *
 * @param onVerifiedPath whether a verified proof of the campaign (a {@code PROVED} attempt of the theorem) went
 *                       through this step; computed when read, so a proof verified after the step was stored counts
 */
public record StoredTacticStep(long id, TacticStep step, boolean onVerifiedPath) {
}
