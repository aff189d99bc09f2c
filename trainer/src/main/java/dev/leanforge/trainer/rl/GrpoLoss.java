package dev.leanforge.trainer.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.leanforge.trainer.model.GptModel;

/**
 * The per-token clipped surrogate of PPO/GRPO with DAPO's token-level normalisation, on flat arrays of the batch's
 * completion tokens. With {@code ρ = exp(log π − log π_old)} and {@code A} the token's sample advantage:
 *
 * <pre>
 *   ℓ_t  = −min(ρ·A, clip(ρ, 1 − ε_low, 1 + ε_high)·A)  +  β · k3_t
 *   k3_t = exp(log π_ref − log π) − (log π_ref − log π) − 1         (Schulman's unbiased, non-negative KL estimate)
 *   loss = Σ_t ℓ_t / (number of completion tokens in the batch)
 * </pre>
 *
 * Each token weighs the same whatever the length of its sample (DAPO), rather than each sample the same (GRPO's
 * per-sequence mean). With {@code π = π_old} (one update per batch) {@code ρ = 1}, nothing is clipped, and the loss's
 * gradient is that of {@code −Σ A·log π / tokens}, the plain policy gradient.
 *
 * <p>Every scalar is a tensor of the step's scope ({@link GptModel#scalar}), never a Java number, on the
 * differentiable path.
 */
public final class GrpoLoss {

    /**
     * The loss and its diagnostics, each a scalar tensor.
     *
     * @param clipFraction the share of tokens whose clipped term is the smaller one (their gradient is cut)
     * @param kl           mean k3 over the tokens; 0 without a reference
     */
    public record Terms(NDArray loss, NDArray clipFraction, NDArray kl) {}

    private GrpoLoss() {}

    /**
     * @param logProbs  {@code (n)} log π of each completion token, differentiable
     * @param old       {@code (n)} log π_old of the same tokens
     * @param advantage {@code (n)} the advantage of each token's sample
     * @param reference {@code (n)} log π_ref, or null for no KL term
     */
    public static Terms of(NDArray logProbs, NDArray old, NDArray advantage, NDArray reference, GrpoOptions options) {
        long n = logProbs.getShape().get(0);
        NDArray ratio = logProbs.sub(old).exp();
        NDArray clipped = ratio.maximum(GptModel.scalar(ratio, 1 - options.clipLow()))
                .minimum(GptModel.scalar(ratio, 1 + options.clipHigh()));
        NDArray unclippedTerm = ratio.mul(advantage);
        NDArray clippedTerm = clipped.mul(advantage);
        NDArray perToken = unclippedTerm.minimum(clippedTerm).neg();
        NDArray kl;
        if (reference != null) {
            NDArray d = reference.sub(logProbs);
            NDArray k3 = d.exp().sub(d).sub(GptModel.scalar(d, 1));
            kl = k3.mean();
            if (options.klBeta() > 0) {
                perToken = perToken.add(k3.mul(GptModel.scalar(k3, options.klBeta())));
            }
        } else {
            kl = GptModel.scalar(logProbs, 0);
        }
        NDArray loss = perToken.sum().div(GptModel.scalar(perToken, n));
        NDArray clipFraction = clippedTerm.lt(unclippedTerm).toType(DataType.FLOAT32, false).mean();
        return new Terms(loss, clipFraction, kl);
    }
}
