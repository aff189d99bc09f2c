package dev.leanforge.loop.star;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a STaR round did: written as {@code round-N.json} in the run directory, stored with the round, and printed
 * as a few lines for people ({@link #text}). Steps a round did not run are null (round 0 has no search; a round
 * without data trains nothing).
 *
 * @param policy         the checkpoint that searched (round 0: the initial model, or none)
 * @param search         the search campaign on the train split
 * @param rationalization the campaign that prompted unsolved train theorems with their reference proof as a hint
 * @param dataset        the training data after this round
 * @param evaluation     the candidate's campaign on the valid split
 * @param candidateTrain the candidate's campaign on the train split (a measurement, not data; null when
 *                       {@code evaluate-train} is off or nothing was trained)
 * @param candidate      the checkpoint this round trained (or was given, in round 0)
 * @param validBefore    the valid pass@k of the policy the candidate is compared with; empty in round 0
 * @param promoted       whether the candidate is now the policy
 * @param promotionRule  the rule that decided ({@code bootstrap}, {@code strict}, {@code non-inferiority}); null
 *                       when there was nothing to decide (round 0, a round that trained nothing)
 * @param policyAfter    the policy of the next round
 * @param decision       the promotion decision and why, in words
 * @param grpo           what a GRPO round sampled, rewarded and trained (null for STaR rounds and round 0)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(value = "passAtK", allowGetters = true) // written for readers, derived when read
public record RoundReport(String run, int round, String policy, CampaignStep search, CampaignStep rationalization,
                          DatasetSizes dataset, TrainingStep sft, TrainingStep dpo, CampaignStep evaluation,
                          CampaignStep candidateTrain, String candidate, Map<String, Double> validBefore,
                          boolean promoted, String promotionRule, String policyAfter, String decision, Time time,
                          Grpo grpo) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public RoundReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(dataset, "dataset");
        validBefore = Collections.unmodifiableMap(new LinkedHashMap<>(validBefore));
        Objects.requireNonNull(policyAfter, "policyAfter");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(time, "time");
    }

    /** A report without GRPO statistics: a STaR round, or round 0. */
    public RoundReport(String run, int round, String policy, CampaignStep search, CampaignStep rationalization,
            DatasetSizes dataset, TrainingStep sft, TrainingStep dpo, CampaignStep evaluation,
            CampaignStep candidateTrain, String candidate, Map<String, Double> validBefore, boolean promoted,
            String promotionRule, String policyAfter, String decision, Time time) {
        this(run, round, policy, search, rationalization, dataset, sft, dpo, evaluation, candidateTrain, candidate,
                validBefore, promoted, promotionRule, policyAfter, decision, time, null);
    }

    /**
     * What a GRPO round did (docs/star.md, "GRPO rounds").
     *
     * @param theorems        train theorems sampled this round (those set aside are not)
     * @param groupSize       samples asked per theorem
     * @param groups          theorems with at least one decided sample (PROVED, FAILED or REJECTED)
     * @param skippedGroups   of those, groups whose rewards were all equal: no signal, not trained on
     * @param samples         decided samples in all groups (error-feedback retries included)
     * @param trainedSamples  samples of the groups trained on
     * @param excludedTimeout samples whose check timed out: no reward, left out of their group
     * @param excludedCrashed samples whose check crashed: no reward, left out of their group
     * @param meanReward      mean reward over the decided samples; null when there were none
     * @param solvedFraction  theorems with a proved sample, over the theorems sampled
     * @param feedbackRetries error-feedback retries that joined a group (decided)
     * @param feedbackProved  of those, the ones Lean proved
     * @param setAside        train theorems not sampled this round (curriculum), all rounds so far
     * @param newlySetAside   of those, the ones set aside before this round
     * @param groupMeans      each group's mean reward, by theorem (what the curriculum reads)
     * @param update          the policy update (null when no group had a signal)
     * @param kl              the update's mean k3 KL to the reference over its steps (0 without a reference)
     * @param clipFraction    the update's mean share of clipped tokens over its steps
     * @param entropy         the update's mean next-token entropy over the completion tokens, over its steps
     * @param tokens          completion tokens the update trained on, over all its steps
     * @param feedback        the error-feedback campaign (null without one)
     */
    public record Grpo(int theorems, int groupSize, int groups, int skippedGroups, int samples, int trainedSamples,
                       int excludedTimeout, int excludedCrashed, Double meanReward, double solvedFraction,
                       int feedbackRetries, int feedbackProved, List<String> setAside, List<String> newlySetAside,
                       Map<String, Double> groupMeans, TrainingStep update, Double kl, Double clipFraction,
                       Double entropy, Long tokens, CampaignStep feedback) {
        public Grpo {
            setAside = List.copyOf(setAside);
            newlySetAside = List.copyOf(newlySetAside);
            groupMeans = Collections.unmodifiableMap(new LinkedHashMap<>(groupMeans));
        }

        /** This with the update and its step-averaged metrics. */
        Grpo withUpdate(TrainingStep step) {
            Map<String, Double> m = step.metrics();
            Double tokenCount = m.get(GRPO_TOKENS);
            return new Grpo(theorems, groupSize, groups, skippedGroups, samples, trainedSamples, excludedTimeout,
                    excludedCrashed, meanReward, solvedFraction, feedbackRetries, feedbackProved, setAside,
                    newlySetAside, groupMeans, step, m.get(GRPO_KL), m.get(GRPO_CLIP), m.get(GRPO_ENTROPY),
                    tokenCount == null ? null : Math.round(tokenCount), feedback);
        }
    }

    static final String GRPO_KL = "kl";
    static final String GRPO_CLIP = "clip_fraction";
    static final String GRPO_ENTROPY = "entropy";
    static final String GRPO_TOKENS = "tokens";

    /**
     * The training data's sizes.
     *
     * @param sftRecords   SFT examples (round 0: reference proofs; later: verified proofs of all rounds so far)
     * @param dpoPairs     verified-versus-refused whole proofs of a theorem (0 in round 0)
     * @param goalStatePairs tactic on a verified path versus tactic Lean refused at the same goal state, from
     *                     best-first searches (0 in round 0, and for other strategies); DPO trains on both kinds
     * @param solved       train theorems with a verified proof, all rounds so far (0 in round 0)
     * @param newlySolved  of those, the ones this round solved first
     * @param reference    of the SFT records: reference proofs (plain prompt)
     * @param hinted       of the SFT records: reference proofs behind the hint prompt (with rationalization)
     * @param verified     of the SFT records: verified proofs the search found that are not reference proofs
     * @param rationalized of the SFT records: verified proofs only rationalization found
     * @param refusedReferences reference proofs left out because Lean refused them in this run (DPO negatives)
     * @param sameAsPrevious the round trains on exactly the previous round's data (same SFT records and pairs)
     */
    public record DatasetSizes(int sftRecords, int dpoPairs, int goalStatePairs, int solved, int newlySolved,
                               int reference, int hinted, int verified, int rationalized, int refusedReferences,
                               boolean sameAsPrevious) {}

    /**
     * Where the round's time went, in seconds of this process (steps finished before a resume count 0). Policy and
     * Lean are busy times summed over parallel work.
     */
    public record Time(double wallSeconds, double policySeconds, double leanSeconds, double trainingSeconds) {}

    /** pass@k by split: {@code train} from the search, {@code valid} from the evaluation. */
    @JsonProperty("passAtK")
    public Map<String, Map<String, Double>> passAtK() {
        Map<String, Map<String, Double>> bySplit = new LinkedHashMap<>();
        if (search != null) {
            bySplit.put("train", search.passAtK());
        }
        if (evaluation != null) {
            bySplit.put("valid", evaluation.passAtK());
        }
        if (candidateTrain != null) {
            bySplit.put("candidateTrain", candidateTrain.passAtK());
        }
        return bySplit;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report always serialises", e);
        }
    }

    public static RoundReport fromJson(String json) {
        try {
            return JSON.readValue(json, RoundReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a round report: " + e.getOriginalMessage(), e);
        }
    }

    /** The report for people, a few lines. */
    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "round %d of %s%s%n", round, run,
                policy == null ? "" : " (policy " + policy + ")"));
        if (search != null) {
            out.append("  search on train: ").append(campaign(search)).append('\n');
        }
        if (rationalization != null) {
            out.append("  rationalization (reference proof as hint): ").append(campaign(rationalization))
                    .append(String.format(Locale.ROOT, "; yield %d of %d unsolved theorems%n",
                            rationalization.solved(), rationalization.theorems()));
        }
        if (grpo != null) {
            grpoText(out);
        } else {
        out.append(String.format(Locale.ROOT, "  dataset: %d SFT records (%d reference, %d hint-format, %d verified, "
                + "%d rationalized%s), %d DPO pairs of whole proofs, %d at goal states; %d train theorems solved (%d "
                + "new this round)%n", dataset.sftRecords(), dataset.reference(), dataset.hinted(), dataset.verified(),
                dataset.rationalized(), dataset.refusedReferences() == 0 ? "" : "; " + dataset.refusedReferences()
                + " reference proofs Lean refused left out", dataset.dpoPairs(), dataset.goalStatePairs(),
                dataset.solved(), dataset.newlySolved()));
        if (dataset.sameAsPrevious()) {
            out.append("  the dataset equals the previous round's (same SFT records and pairs): nothing new to "
                    + "learn from\n");
        }
        }
        if (sft != null) {
            out.append("  sft: ").append(training(sft)).append('\n');
        }
        if (dpo != null) {
            out.append("  dpo: ").append(training(dpo)).append('\n');
        }
        if (evaluation != null) {
            out.append("  evaluation on valid: ").append(campaign(evaluation)).append('\n');
        }
        if (candidateTrain != null) {
            out.append("  candidate on train: ").append(campaign(candidateTrain)).append('\n');
        }
        out.append("  ").append(promotionRule == null ? "" : "[" + promotionRule + "] ").append(decision)
                .append('\n');
        out.append(String.format(Locale.ROOT, "  time: wall %.1f s; policy %.1f s, Lean %.1f s, training %.1f s "
                + "(policy and Lean are busy times over parallel work)%n", time.wallSeconds(), time.policySeconds(),
                time.leanSeconds(), time.trainingSeconds()));
        return out.toString();
    }

    private void grpoText(StringBuilder out) {
        out.append(String.format(Locale.ROOT, "  grpo groups: %d theorems x %d samples; mean reward %s, %d of %d "
                + "theorems solved (%.3f); %d of %d groups skipped (all rewards equal); %d samples excluded (%d "
                + "TIMEOUT, %d CRASHED)%n", grpo.theorems(), grpo.groupSize(),
                grpo.meanReward() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", grpo.meanReward()),
                Math.round(grpo.solvedFraction() * grpo.theorems()), grpo.theorems(), grpo.solvedFraction(),
                grpo.skippedGroups(), grpo.groups(), grpo.excludedTimeout() + grpo.excludedCrashed(),
                grpo.excludedTimeout(), grpo.excludedCrashed()));
        if (grpo.feedback() != null) {
            out.append("  error-feedback retries: ").append(campaign(grpo.feedback())).append('\n');
        }
        if (grpo.feedbackRetries() > 0) {
            out.append(String.format(Locale.ROOT, "  error feedback: %d retries joined their groups, %d proved%n",
                    grpo.feedbackRetries(), grpo.feedbackProved()));
        }
        if (!grpo.setAside().isEmpty()) {
            out.append(String.format(Locale.ROOT, "  curriculum: %d train theorems set aside (%d new: %s)%n",
                    grpo.setAside().size(), grpo.newlySetAside().size(), String.join(", ", grpo.newlySetAside())));
        }
        if (grpo.update() != null) {
            out.append(String.format(Locale.ROOT, "  grpo update: %d samples, %s; means over steps: KL %.4f, clip "
                    + "fraction %.4f, entropy %.4f; %d tokens%n", grpo.trainedSamples(), training(grpo.update()),
                    orNaN(grpo.kl()), orNaN(grpo.clipFraction()), orNaN(grpo.entropy()),
                    grpo.tokens() == null ? 0 : grpo.tokens()));
        }
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static String campaign(CampaignStep step) {
        return String.format(Locale.ROOT, "%s; %d of %d theorems solved (campaign %d)", describePassAtK(step.passAtK()),
                step.solved(), step.theorems(), step.campaignId());
    }

    /** pass@k values as one line, e.g. {@code pass@1 0.2500, pass@8 0.7500}. */
    public static String describePassAtK(Map<String, Double> values) {
        if (values.isEmpty()) {
            return "pass@k n/a";
        }
        return values.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String training(TrainingStep step) {
        String loss = step.loss() == null ? "finished before this run" : String.format(Locale.ROOT, "last loss %.4f",
                step.loss());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d steps, %s", step.steps(), loss));
        Map<String, Double> m = step.metrics();
        if (m.containsKey("eval_loss")) {
            // DPO: measured over every pair after the stage; before it, loss ln 2, accuracy 0 and margin 0.
            line.append(String.format(Locale.ROOT, "; over all pairs after it: loss %.4f (ln 2 = 0.6931 before), "
                    + "reward accuracy %.3f, mean reward margin %.4f", m.get("eval_loss"),
                    m.getOrDefault("eval_reward_accuracy", Double.NaN),
                    m.getOrDefault("eval_reward_margin", Double.NaN)));
        }
        return line.append(" -> ").append(step.model()).toString();
    }
}
