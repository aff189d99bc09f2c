package dev.leanforge.trainer.dpo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import dev.leanforge.trainer.batch.PaddedBatch;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.model.CausalLm;
import dev.leanforge.trainer.model.GptModel;
import dev.leanforge.trainer.sampling.SequenceScorer;
import dev.leanforge.trainer.training.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct Preference Optimisation (Rafailov et al.): with {@code π} the policy's and {@code ref} the reference's
 * summed completion log-probabilities, the implicit rewards are {@code r = β (π - ref)} and the loss is
 * {@code -log σ(r_chosen - r_rejected)}, averaged over the batch. When the policy equals the reference every
 * margin is 0 and the loss is {@code ln 2}. The reference values come precomputed with each {@link DpoExample}, so
 * the reference model is never in memory during training.
 */
public final class DpoObjective implements TrainingLoop.Objective<DpoExample> {

    public static final String REWARD_ACCURACY = "reward_accuracy";
    public static final String REWARD_MARGIN = "reward_margin";
    public static final String CHOSEN_REWARD = "chosen_reward";
    public static final String REJECTED_REWARD = "rejected_reward";

    private final double beta;
    private final int padId;
    private final int evalBatchSize;

    public DpoObjective(double beta, int padId, int evalBatchSize) {
        if (!(beta > 0)) {
            throw new IllegalArgumentException("beta must be positive, got " + beta);
        }
        this.beta = beta;
        this.padId = padId;
        this.evalBatchSize = evalBatchSize;
    }

    @Override
    public String name() {
        return "dpo";
    }

    @Override
    public TrainingLoop.BatchLoss loss(CausalLm model, List<DpoExample> batch, NDManager scope) {
        List<TokenSequence> sequences = new ArrayList<>(2 * batch.size());
        batch.forEach(e -> sequences.add(e.pair().chosen()));
        batch.forEach(e -> sequences.add(e.pair().rejected()));
        PaddedBatch padded = PaddedBatch.of(sequences, padId);
        NDArray policy = SequenceScorer.completionLogProbs(model, padded, scope);
        int n = batch.size();
        float[] reference = new float[2 * n];
        for (int i = 0; i < n; i++) {
            reference[i] = (float) batch.get(i).referenceChosen();
            reference[n + i] = (float) batch.get(i).referenceRejected();
        }
        NDArray rewards = policy.sub(scope.create(reference)).mul(GptModel.scalar(policy, beta));
        NDArray chosen = rewards.get("0:" + n);
        NDArray rejected = rewards.get(n + ":");
        NDArray margin = chosen.sub(rejected);
        // -log σ(m) = softplus(-m), in PyTorch's overflow-safe form.
        NDArray loss = Activation.softPlus(margin.neg()).mean();
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put(REWARD_ACCURACY, margin.gt(0).toType(DataType.FLOAT32, false).mean());
        metrics.put(REWARD_MARGIN, margin.mean());
        metrics.put(CHOSEN_REWARD, chosen.mean());
        metrics.put(REJECTED_REWARD, rejected.mean());
        return new TrainingLoop.BatchLoss(loss, padded.realTokens(), metrics);
    }

    /** {@code eval_loss} and the reward metrics, averaged over all held-out pairs. */
    @Override
    public Map<String, Double> evaluate(CausalLm model, List<DpoExample> examples) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (int from = 0; from < examples.size(); from += evalBatchSize) {
            List<DpoExample> chunk = examples.subList(from, Math.min(from + evalBatchSize, examples.size()));
            try (NDManager scope = model.newScope()) {
                TrainingLoop.BatchLoss result = loss(model, chunk, scope);
                sums.merge("eval_loss", (double) result.loss().getFloat() * chunk.size(), Double::sum);
                result.metrics().forEach((k, v) -> sums.merge("eval_" + k, (double) v.getFloat() * chunk.size(),
                        Double::sum));
            }
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((k, v) -> means.put(k, v / examples.size()));
        return means;
    }
}
