package dev.leanforge.trainer.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.training.TrainingLoop;
import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning: the mean cross-entropy of the completion tokens (prompt and padding are masked out).
 * Batches are right-padded to their longest sequence. Train with
 * {@code new TrainingLoop<>(model, new SftObjective(padId, evalBatch), options, …).run(train, eval, resume)}.
 */
public final class SftObjective implements TrainingLoop.Objective<TokenSequence> {

    public static final String EVAL_LOSS = "eval_loss";

    private final int padId;
    private final int evalBatchSize;

    public SftObjective(int padId, int evalBatchSize) {
        this.padId = padId;
        this.evalBatchSize = evalBatchSize;
    }

    @Override
    public String name() {
        return "sft";
    }

    @Override
    public TrainingLoop.BatchLoss loss(CausalLm model, List<TokenSequence> batch, NDManager scope) {
        PaddedBatch padded = PaddedBatch.of(batch, padId);
        NDArray sum = padded.scoredLogProbs(model, scope).sum();
        NDArray loss = sum.div(GptModel.scalar(sum, -padded.maskedTokens()));
        return new TrainingLoop.BatchLoss(loss, padded.realTokens(), Map.of());
    }

    /** {@code eval_loss}: mean cross-entropy per completion token over all held-out examples. */
    @Override
    public Map<String, Double> evaluate(CausalLm model, List<TokenSequence> examples) {
        double logProb = 0;
        long tokens = 0;
        for (SequenceScorer.Score s : SequenceScorer.score(model, examples, evalBatchSize, padId)) {
            logProb += s.logProb();
            tokens += s.tokens();
        }
        return Map.of(EVAL_LOSS, tokens == 0 ? Double.NaN : -logProb / tokens);
    }
}
