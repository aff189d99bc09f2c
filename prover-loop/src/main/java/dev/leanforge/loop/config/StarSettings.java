package dev.leanforge.loop.config;

import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.LoraConfig;
import dev.leanforge.trainer.hf.PeftAdapter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every setting of {@code leanforge star run}: its own (rounds, model, training) followed by the campaign settings
 * its search and evaluation campaigns use ({@link CampaignSettings} except {@code split} and {@code policy}, which
 * each round decides, and the {@code openai-*} ones). The one source of names, defaults and descriptions for the
 * parser, the command's help and the reference in docs/star.md.
 */
public final class StarSettings {

    private StarSettings() {}

    public static final Setting<String> RUN = Setting.text("run", "NAME",
            "Name of the STaR run in the store; the same name continues the run.")
            .derivedDefault("star-SET");
    public static final Setting<Path> RUN_DIR = Setting.path("run-dir", "DIR",
            "Where the run writes its tokenizer, datasets, checkpoints and round reports.")
            .derivedDefault("runs/star/RUN");
    public static final Setting<Integer> ROUNDS = Setting.integer("rounds",
            "STaR rounds after round 0 (each: search, dataset, training, evaluation, promotion).", Limit.ROUNDS)
            .withDefault(2, "2");
    /** {@code init: hf:DIR} names a Hugging Face checkpoint (or PEFT adapter) directory and insists on one. */
    public static final String HF_PREFIX = "hf:";

    public static final Setting<Path> INIT = Setting.scalar("init", "DIR|hf:DIR",
            "Model directory to start from (our own, or hf:DIR for a Hugging Face checkpoint or PEFT adapter "
                    + "directory); round 0 then only evaluates it.", StarSettings::initPath)
            .derivedDefault("none: round 0 trains a tokenizer and a model on the reference proofs");

    public static final Setting<Integer> LORA_R = Setting.integer("lora-r",
            "LoRA rank of every training on a Hugging Face init (each round's candidate is base + adapter, a PEFT "
                    + "directory); 0 trains the whole model.", Limit.LORA_RANK_OR_FULL)
            .withDefault(0, "0");
    public static final Setting<Double> LORA_ALPHA = Setting.decimal("lora-alpha",
            "LoRA: the adapter's output is scaled by lora-alpha / lora-r.", Limit.LORA_ALPHA)
            .withDefault(32.0, "32");
    public static final Setting<Double> LORA_DROPOUT = Setting.decimal("lora-dropout",
            "LoRA: dropout on the adapter's input while training.", Limit.LORA_DROPOUT)
            .withDefault(0.05, "0.05");
    public static final Setting<List<String>> LORA_TARGETS = Setting.texts("lora-targets", "MODULE",
            "LoRA: modules to adapt, among " + String.join(" ", LoraConfig.MODULES)
                    + "; repeat the option (or give a YAML list) for several.")
            .withDefault(LoraConfig.MODULES, "all of them");

    public static final Setting<Integer> VOCAB = Setting.integer("vocab",
            "Round 0: vocabulary size of the tokenizer learnt from the set's text.", Limit.VOCAB)
            .withDefault(1024, "1024");
    public static final Setting<Integer> MODEL_LAYERS = Setting.integer("model-layers",
            "Round 0: transformer blocks of the fresh model.", Limit.MODEL_LAYERS)
            .withDefault(4, "4");
    public static final Setting<Integer> MODEL_HEADS = Setting.integer("model-heads",
            "Round 0: attention heads of the fresh model (must divide model-width).", Limit.MODEL_HEADS)
            .withDefault(4, "4");
    public static final Setting<Integer> MODEL_WIDTH = Setting.integer("model-width",
            "Round 0: embedding width of the fresh model.", Limit.MODEL_WIDTH)
            .withDefault(256, "256");
    public static final Setting<Integer> MODEL_CONTEXT = Setting.integer("model-context",
            "Round 0: positions of the fresh model (prompt and proof together).", Limit.MODEL_CONTEXT)
            .withDefault(512, "512");

    public static final Setting<Integer> SFT_EPOCHS = Setting.integer("sft-epochs",
            "Passes over the dataset per SFT, unless sft-steps is set.", Limit.EPOCHS)
            .withDefault(3, "3");
    public static final Setting<Integer> SFT_STEPS = Setting.integer("sft-steps",
            "Optimiser steps per SFT; 0 to use sft-epochs.", Limit.STEPS)
            .withDefault(0, "0");
    public static final Setting<Integer> BASE_SFT_STEPS = Setting.integer("base-sft-steps",
            "Optimiser steps of round 0's SFT on the reference proofs; 0 for the same budget as later rounds.",
            Limit.STEPS)
            .withDefault(0, "0");
    public static final Setting<Double> SFT_LR = Setting.decimal("sft-lr",
            "Peak learning rate of SFT.", Limit.LEARNING_RATE)
            .withDefault(3e-4, "3e-4");
    public static final Setting<Double> BASE_SFT_LR = Setting.decimal("base-sft-lr",
            "Peak learning rate of round 0's SFT (a fresh model usually takes a higher one than fine-tuning).",
            Limit.LEARNING_RATE)
            .derivedDefault("sft-lr");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer("batch-size",
            "Examples (DPO: pairs) per optimiser step.", Limit.BATCH_SIZE)
            .withDefault(16, "16");
    public static final Setting<Integer> WARMUP = Setting.integer("warmup",
            "Linear warm-up steps of each training before the cosine decay.", Limit.STEPS)
            .withDefault(50, "50");
    public static final Setting<Integer> SAVE_EVERY = Setting.integer("save-every",
            "Write a resumable training checkpoint every N steps; 0 for none (a killed training restarts).",
            Limit.STEPS)
            .withDefault(500, "500");

    public static final Setting<Boolean> DPO = Setting.bool("dpo",
            "After SFT, DPO on pairs of a verified and a failed proof of the same theorem.")
            .withDefault(false, "false");
    /** With {@code dpo-steps} 0, DPO runs at least this many steps, however few the pairs. */
    public static final int DPO_MIN_STEPS_AUTO = 40;

    public static final Setting<Double> DPO_BETA = Setting.decimal("dpo-beta",
            "DPO: strength of the pull towards the SFT model.", Limit.DPO_BETA)
            .withDefault(0.1, "0.1");
    public static final Setting<Double> DPO_LR = Setting.decimal("dpo-lr",
            "DPO: peak learning rate.", Limit.LEARNING_RATE)
            .withDefault(5e-5, "5e-5");
    public static final Setting<Integer> DPO_EPOCHS = Setting.integer("dpo-epochs",
            "DPO: passes over the pairs (unless dpo-steps is set), at least " + DPO_MIN_STEPS_AUTO + " steps.",
            Limit.EPOCHS)
            .withDefault(2, "2");
    public static final Setting<Integer> DPO_STEPS = Setting.integer("dpo-steps",
            "DPO: optimiser steps; 0 for dpo-epochs passes over the pairs, at least " + DPO_MIN_STEPS_AUTO
                    + " steps.", Limit.STEPS)
            .withDefault(0, "0");
    public static final Setting<Boolean> RATIONALIZE = Setting.bool("rationalize",
            "Rationalization: prompt again with the reference proof as a hint for train theorems still unsolved; "
                    + "keep what Lean verifies. Every SFT (round 0's too) then also trains on the reference proofs "
                    + "behind the hint prompt, so the model knows the format.")
            .withDefault(false, "false");
    public static final Setting<Integer> PROOFS_PER_THEOREM = Setting.integer("proofs-per-theorem",
            "SFT examples per solved theorem: its shortest distinct verified proofs.", Limit.PROOFS_PER_THEOREM)
            .withDefault(1, "1");

    public static final Setting<String> PROMOTION = Setting.choice("promotion",
            "How a candidate is promoted on the valid split: bootstrap (paired bootstrap over the valid theorems: "
                    + "the lower confidence bound of the pass@k gain above promotion-margin), strict (pass@k above "
                    + "the policy's by more than promotion-margin) or non-inferiority (at most promotion-margin "
                    + "below the policy's, and above 0). A tie is never a promotion.",
            List.of("bootstrap", "strict", "non-inferiority"))
            .withDefault("bootstrap", "bootstrap");
    public static final Setting<Double> PROMOTION_MARGIN = Setting.decimal("promotion-margin",
            "Promotion: the pass@k gain to exceed (bootstrap, strict) or the drop allowed (non-inferiority).",
            Limit.PROMOTION_MARGIN)
            .withDefault(0.0, "0");
    public static final Setting<Double> PROMOTION_CONFIDENCE = Setting.decimal("promotion-confidence",
            "Promotion by bootstrap: one-sided confidence level of the lower bound.", Limit.PROMOTION_CONFIDENCE)
            .withDefault(0.9, "0.9");
    public static final Setting<Boolean> EVALUATE_TRAIN = Setting.bool("evaluate-train",
            "Also evaluate each candidate on the train split (the search's pass@k is the previous policy's); a "
                    + "measurement, not training data.")
            .withDefault(true, "true");

    public static final Setting<String> ALGORITHM = Setting.choice("algorithm",
            "How a round learns from Lean: star (search, a dataset of verified proofs, SFT and optional DPO) or grpo "
                    + "(groups of samples per train theorem rewarded 1 when Lean proves them, a clipped policy-gradient "
                    + "update); both evaluate and promote the same way.",
            List.of("star", "grpo"))
            .withDefault("star", "star");
    public static final Setting<Integer> GRPO_GROUP_SIZE = Setting.integer("grpo-group-size",
            "GRPO: proofs sampled per train theorem each round (the group).", Limit.GROUP_SIZE)
            .withDefault(8, "8");
    public static final Setting<Double> GRPO_LR = Setting.decimal("grpo-lr",
            "GRPO: peak learning rate of the policy update.", Limit.LEARNING_RATE)
            .withDefault(1e-5, "1e-5");
    public static final Setting<Integer> GRPO_EPOCHS = Setting.integer("grpo-epochs",
            "GRPO: update passes over each round's samples; after the first the ratio to the sampling policy "
                    + "moves and the clip applies.", Limit.EPOCHS)
            .withDefault(1, "1");
    public static final Setting<Double> GRPO_CLIP_LOW = Setting.decimal("grpo-clip-low",
            "GRPO: the probability ratio is clipped below at 1 - this.", Limit.CLIP_LOW)
            .withDefault(0.2, "0.2");
    public static final Setting<Double> GRPO_CLIP_HIGH = Setting.decimal("grpo-clip-high",
            "GRPO: the probability ratio is clipped above at 1 + this (clip-higher: above the lower clip).",
            Limit.CLIP_HIGH)
            .withDefault(0.3, "0.3");
    public static final Setting<Double> GRPO_KL = Setting.decimal("grpo-kl",
            "GRPO: weight of the per-token KL penalty (k3) to the reference model, round 0's checkpoint; 0 for "
                    + "none.", Limit.KL_WEIGHT)
            .withDefault(0.0, "0");
    public static final Setting<Boolean> GRPO_STD_NORMALIZE = Setting.bool("grpo-std-normalize",
            "GRPO: divide each advantage by its group's standard deviation (off: reward minus the group mean, as "
                    + "Kimina-Prover's RL).")
            .withDefault(false, "false");
    public static final Setting<Double> GRPO_ERROR_FEEDBACK = Setting.decimal("grpo-error-feedback",
            "GRPO: probability that a refused sample's first Lean error is fed back in a retry prompt whose "
                    + "sample joins the group (at most one retry per theorem and round).", Limit.PROBABILITY)
            .withDefault(0.0, "0");
    public static final Setting<Integer> GRPO_CURRICULUM_ROUNDS = Setting.integer("grpo-curriculum-rounds",
            "GRPO: a train theorem whose samples were all proved, or none, in this many rounds in a row is set "
                    + "aside (no longer sampled); 0 never sets one aside.", Limit.CURRICULUM_ROUNDS)
            .withDefault(0, "0");

    /** STaR's own settings, in the order of the reference. */
    public static final List<Setting<?>> OWN = List.of(RUN, RUN_DIR, ROUNDS, INIT, LORA_R, LORA_ALPHA, LORA_DROPOUT,
            LORA_TARGETS, VOCAB, MODEL_LAYERS, MODEL_HEADS,
            MODEL_WIDTH, MODEL_CONTEXT, SFT_EPOCHS, SFT_STEPS, BASE_SFT_STEPS, SFT_LR, BASE_SFT_LR, BATCH_SIZE, WARMUP,
            SAVE_EVERY, DPO, DPO_BETA, DPO_LR, DPO_EPOCHS, DPO_STEPS, RATIONALIZE, PROOFS_PER_THEOREM, PROMOTION,
            PROMOTION_MARGIN, PROMOTION_CONFIDENCE, EVALUATE_TRAIN, ALGORITHM, GRPO_GROUP_SIZE, GRPO_LR, GRPO_EPOCHS,
            GRPO_CLIP_LOW, GRPO_CLIP_HIGH, GRPO_KL, GRPO_STD_NORMALIZE, GRPO_ERROR_FEEDBACK, GRPO_CURRICULUM_ROUNDS);

    /**
     * The campaign settings a STaR run passes on to its campaigns: all but those each round decides, and the
     * {@code openai-*} settings (the run's policy is always its own checkpoint, {@code model:DIR}).
     */
    public static final List<Setting<?>> CAMPAIGN = CampaignSettings.ALL.stream()
            .filter(s -> s != CampaignSettings.SPLIT && s != CampaignSettings.POLICY)
            .filter(s -> !s.key().startsWith("openai-"))
            .toList();

    /** All settings: STaR's own, then the campaign ones. */
    public static final List<Setting<?>> ALL = concat(OWN, CAMPAIGN);

    private static Path initPath(String text) {
        boolean hf = text.startsWith(HF_PREFIX);
        String dir = hf ? text.substring(HF_PREFIX.length()) : text;
        if (dir.isBlank()) {
            throw new IllegalArgumentException("must be a directory (DIR or hf:DIR), got \"" + text + "\"");
        }
        Path path;
        try {
            path = Path.of(dir);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getMessage(), e);
        }
        if (hf && !HfCheckpoint.isHfDirectory(path) && !PeftAdapter.isAdapterDirectory(path)) {
            throw new IllegalArgumentException(dir + " is not a Hugging Face checkpoint directory (config.json with "
                    + "a model_type, *.safetensors, tokenizer.json) nor a PEFT adapter directory");
        }
        return path;
    }

    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    private static List<Setting<?>> concat(List<Setting<?>> a, List<Setting<?>> b) {
        List<Setting<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
