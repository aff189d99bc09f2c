package dev.leanforge.loop.config;

import static dev.leanforge.loop.config.StarSettings.*;

import dev.leanforge.loop.theorems.Split;
import dev.leanforge.trainer.hf.LoraConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of one {@code star run}, checked and with defaults filled in (see {@link StarSettings} for what each
 * one means).
 *
 * @param campaignSettings the campaign settings as given, from which each round's campaigns are resolved
 * @param template         those settings resolved (split and policy are placeholders): set, store, Lean options
 * @param init             empty: round 0 trains a tokenizer and a model
 * @param lora             null ({@code lora-r: 0}): every training trains the whole model; otherwise trainings on
 *                         the Hugging Face {@code init} train LoRA adapters (each candidate is base + adapter)
 */
public record StarConfig(String run, Path runDir, int rounds, Optional<Path> init, int vocab, ModelSizes sizes,
                         SftBudget sft, DpoBudget dpo, boolean rationalize, int proofsPerTheorem,
                         PromotionRule promotion, boolean evaluateTrain,
                         Map<String, RawValue> campaignSettings, CampaignConfig template, String algorithm,
                         GrpoBudget grpo, LoraConfig lora) {

    /** {@code algorithm: grpo}. */
    public boolean grpoRounds() {
        return "grpo".equals(algorithm);
    }

    /**
     * GRPO's settings (used with {@code algorithm: grpo}).
     *
     * @param groupSize          samples per train theorem and round
     * @param errorFeedback      probability that a refused sample gets a retry with Lean's first error
     * @param curriculumRounds   uniform rounds in a row before a theorem is set aside; 0 for never
     */
    public record GrpoBudget(int groupSize, double learningRate, int epochs, double clipLow, double clipHigh,
                             double klWeight, boolean stdNormalize, double errorFeedback, int curriculumRounds) {}

    /** The sizes of round 0's fresh model; the vocabulary is the tokenizer's. */
    public record ModelSizes(int layers, int heads, int width, int context) {}

    /**
     * How long and how fast SFT trains.
     *
     * @param steps     optimiser steps per SFT, 0 for {@code epochs} passes
     * @param baseSteps round 0's steps, 0 for the same budget as the other rounds
     * @param baseLearningRate round 0's peak learning rate
     */
    public record SftBudget(int epochs, int steps, int baseSteps, double learningRate, double baseLearningRate,
                            int batchSize, int warmup, int saveEvery) {}

    /**
     * Whether and how DPO follows SFT.
     *
     * @param steps optimiser steps; 0 for {@code epochs} passes over the pairs, at least
     *              {@link StarSettings#DPO_MIN_STEPS_AUTO}
     */
    public record DpoBudget(boolean enabled, double beta, double learningRate, int epochs, int steps) {

        /** The DPO steps for {@code pairs} pairs in batches of {@code batchSize}. */
        public int stepsFor(int pairs, int batchSize) {
            if (steps > 0) {
                return steps;
            }
            int perEpoch = (pairs + batchSize - 1) / batchSize;
            return Math.max(StarSettings.DPO_MIN_STEPS_AUTO, epochs * perEpoch);
        }
    }

    /**
     * How a candidate is promoted (see {@code dev.leanforge.loop.star.Promotion}).
     *
     * @param rule       {@code bootstrap}, {@code strict} or {@code non-inferiority}
     * @param margin     the gain to exceed, or (non-inferiority) the drop allowed
     * @param confidence bootstrap's one-sided confidence level
     */
    public record PromotionRule(String rule, double margin, double confidence) {}

    public StarConfig {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(sft, "sft");
        Objects.requireNonNull(dpo, "dpo");
        Objects.requireNonNull(promotion, "promotion");
        campaignSettings = Collections.unmodifiableMap(new LinkedHashMap<>(campaignSettings));
        Objects.requireNonNull(template, "template");
    }

    /**
     * Checks the given values (the command line's already laid over the file's) and fills in the defaults.
     *
     * @param given key → value; keys must be those of {@link StarSettings#ALL}
     * @throws ConfigException listing every bad or missing value, campaign settings included
     */
    public static StarConfig resolve(Map<String, RawValue> given) {
        Map<String, RawValue> campaign = new LinkedHashMap<>();
        Map<String, RawValue> own = new LinkedHashMap<>();
        for (Map.Entry<String, RawValue> entry : given.entrySet()) {
            Setting<?> setting = StarSettings.byKey(entry.getKey()).orElseThrow(
                    () -> new IllegalArgumentException("not a star setting: " + entry.getKey()));
            (StarSettings.CAMPAIGN.contains(setting) ? campaign : own).put(entry.getKey(), entry.getValue());
        }
        SettingValues values = new SettingValues(own);
        CampaignConfig template = null;
        try {
            template = CampaignConfig.resolve(withRound(campaign, Split.TRAIN, "model:(each round's checkpoint)"));
        } catch (ConfigException e) {
            values.add(e);
        }
        Optional<String> run = values.optional(RUN);
        Optional<Path> runDir = values.optional(RUN_DIR);
        Integer rounds = values.get(ROUNDS);
        Optional<Path> init = values.optional(INIT);
        Integer vocab = values.get(VOCAB);
        Integer layers = values.get(MODEL_LAYERS);
        Integer heads = values.get(MODEL_HEADS);
        Integer width = values.get(MODEL_WIDTH);
        Integer context = values.get(MODEL_CONTEXT);
        Integer sftEpochs = values.get(SFT_EPOCHS);
        Integer sftSteps = values.get(SFT_STEPS);
        Integer baseSteps = values.get(BASE_SFT_STEPS);
        Double sftLr = values.get(SFT_LR);
        Optional<Double> baseSftLr = values.optional(BASE_SFT_LR);
        Integer batchSize = values.get(BATCH_SIZE);
        Integer warmup = values.get(WARMUP);
        Integer saveEvery = values.get(SAVE_EVERY);
        Boolean dpo = values.get(DPO);
        Double dpoBeta = values.get(DPO_BETA);
        Double dpoLr = values.get(DPO_LR);
        Integer dpoEpochs = values.get(DPO_EPOCHS);
        Integer dpoSteps = values.get(DPO_STEPS);
        String promotion = values.get(PROMOTION);
        Double promotionMargin = values.get(PROMOTION_MARGIN);
        Double promotionConfidence = values.get(PROMOTION_CONFIDENCE);
        Boolean evaluateTrain = values.get(EVALUATE_TRAIN);
        Boolean rationalize = values.get(RATIONALIZE);
        Integer proofsPerTheorem = values.get(PROOFS_PER_THEOREM);
        String algorithm = values.get(ALGORITHM);
        Integer groupSize = values.get(GRPO_GROUP_SIZE);
        Double grpoLr = values.get(GRPO_LR);
        Integer grpoEpochs = values.get(GRPO_EPOCHS);
        Double clipLow = values.get(GRPO_CLIP_LOW);
        Double clipHigh = values.get(GRPO_CLIP_HIGH);
        Double kl = values.get(GRPO_KL);
        Boolean stdNormalize = values.get(GRPO_STD_NORMALIZE);
        Double errorFeedback = values.get(GRPO_ERROR_FEEDBACK);
        Integer curriculumRounds = values.get(GRPO_CURRICULUM_ROUNDS);
        Integer loraR = values.get(LORA_R);
        Double loraAlpha = values.get(LORA_ALPHA);
        Double loraDropout = values.get(LORA_DROPOUT);
        List<String> loraTargets = values.get(LORA_TARGETS);
        LoraConfig lora = null;
        if (loraR != null && loraR > 0 && loraAlpha != null && loraDropout != null && loraTargets != null) {
            RawValue at = own.get(LORA_R.key());
            if (init != null && init.isEmpty()) {
                values.add(new ConfigException(at.where() + ": lora-r (" + loraR + ") needs init: hf:DIR, a Hugging "
                        + "Face model to train adapters on"));
            }
            try {
                lora = new LoraConfig(loraR, loraAlpha, loraDropout, loraTargets);
            } catch (IllegalArgumentException e) {
                RawValue targetsAt = own.getOrDefault(LORA_TARGETS.key(), at);
                values.add(new ConfigException(targetsAt.where() + ": " + e.getMessage()));
            }
        }
        if (width != null && heads != null && width % heads != 0) {
            // Defaults divide; so one of the two was given.
            RawValue at = own.containsKey(MODEL_WIDTH.key()) ? own.get(MODEL_WIDTH.key()) : own.get(MODEL_HEADS.key());
            values.add(new ConfigException(at.where() + ": model-width (" + width + ") must be a multiple of "
                    + "model-heads (" + heads + ")"));
        }
        values.throwIfProblems();
        String runName = run.orElse("star-" + template.set());
        return new StarConfig(runName, runDir.orElse(Path.of("runs", "star", runName)), rounds, init, vocab,
                new ModelSizes(layers, heads, width, context),
                new SftBudget(sftEpochs, sftSteps, baseSteps, sftLr, baseSftLr.orElse(sftLr), batchSize, warmup,
                        saveEvery),
                new DpoBudget(dpo, dpoBeta, dpoLr, dpoEpochs, dpoSteps), rationalize, proofsPerTheorem,
                new PromotionRule(promotion, promotionMargin, promotionConfidence), evaluateTrain, campaign, template,
                algorithm, new GrpoBudget(groupSize, grpoLr, grpoEpochs, clipLow, clipHigh, kl, stdNormalize,
                        errorFeedback, curriculumRounds), lora);
    }

    /**
     * The settings of one of the run's campaigns: the given campaign settings with {@code split} and {@code policy}.
     *
     * @throws ConfigException never for settings {@link #resolve} accepted
     */
    public CampaignConfig campaign(Split split, String policy) {
        return CampaignConfig.resolve(withRound(campaignSettings, split, policy));
    }

    private static Map<String, RawValue> withRound(Map<String, RawValue> campaign, Split split, String policy) {
        Map<String, RawValue> all = new LinkedHashMap<>(campaign);
        all.put(CampaignSettings.SPLIT.key(), RawValue.scalar("star run", split.word()));
        all.put(CampaignSettings.POLICY.key(), RawValue.scalar("star run", policy));
        return all;
    }
}
