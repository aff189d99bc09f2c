package dev.leanforge.trainer.rl;

/**
 * The clipped policy-gradient objective's constants.
 *
 * @param clipLow  the ratio π/π_old is clipped below at {@code 1 - clipLow} (PPO's ε, 0.2)
 * @param clipHigh and above at {@code 1 + clipHigh}; a larger upper bound than lower ("clip-higher", DAPO, Yu et
 *                 al. 2025) lets unlikely tokens of good samples grow and keeps entropy from collapsing
 * @param klBeta   weight of the per-token KL penalty to the reference model (k3 estimator); 0 for none
 */
public record GrpoOptions(double clipLow, double clipHigh, double klBeta) {

    public static final GrpoOptions DEFAULTS = new GrpoOptions(0.2, 0.3, 0);

    public GrpoOptions {
        if (!(clipLow >= 0 && clipLow < 1)) {
            throw new IllegalArgumentException("clip low must be in [0, 1), got " + clipLow);
        }
        if (!(clipHigh >= 0) || Double.isInfinite(clipHigh)) {
            throw new IllegalArgumentException("clip high must be >= 0 and finite, got " + clipHigh);
        }
        if (!(klBeta >= 0) || Double.isInfinite(klBeta)) {
            throw new IllegalArgumentException("KL weight must be >= 0 and finite, got " + klBeta);
        }
    }
}
