package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.campaign.CampaignSetupException;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.campaign.SamplingSettings;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.search.SearchStrategy;
import dev.leanforge.loop.search.WholeProofSampling;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.NewCheckpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.RoundStatus;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.rl.GrpoOptions;
import dev.leanforge.trainer.training.Hyperparameters;
import dev.leanforge.trainer.training.RunOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A STaR run: round 0 (without an initial model: a tokenizer and SFT on the train split's reference proofs), then
 * rounds 1…R of search on the train split with the current policy, a dataset accumulated over all rounds, optional
 * rationalization, SFT (and optional DPO) from the current policy, evaluation on the valid split, and promotion of
 * the new checkpoint only on a measurable valid pass@k gain ({@link Promotion}). See docs/star.md.
 *
 * <p>The run is sequential and blocking, so it runs on its own worker thread; its campaigns run in the Vert.x
 * instance as any campaign does, and its trainings (DJL compute) on that worker thread, never on an event loop.
 *
 * <p><b>Resume.</b> The store says which rounds finished (a round's checkpoint and report are stored together);
 * an unfinished round's {@link RoundState} says which steps finished. A campaign killed part-way is resumed by the
 * store; one that finished before its step was recorded is read back rather than run again; a training continues
 * from its newest checkpoint. So the same command, after {@code kill -9} at any moment, continues the run.
 */
public final class StarRun {

    /** How long the run's own worker thread may be busy before Vert.x reports it blocked: a whole run. */
    static final Duration LONGEST_RUN = Duration.ofDays(30);

    static final String SEARCH = "search";
    static final String RATIONALIZATION = "rationalization";
    static final String SFT = "sft";
    static final String DPO = "dpo";
    static final String EVALUATION = "evaluation";
    /** The candidate's evaluation on the train split: a measurement, never training data. */
    static final String CANDIDATE_TRAIN = "candidate-train";
    /** GRPO's update (a training step). */
    static final String GRPO = "grpo";
    /** GRPO's error-feedback retries: train-split samples, never STaR data. */
    static final String ERROR_FEEDBACK = "error-feedback";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The end of a run.
     *
     * @param rounds the reports of all finished rounds, round 0 first
     * @param policy the checkpoint that is the policy after the last round
     */
    public record Outcome(List<RoundReport> rounds, String policy) {}

    /** The current policy and its valid pass@k (overall and per theorem), the bar a candidate must reach. */
    private record Policy(Path dir, Map<String, Double> valid, Map<String, Double> validByTheorem) {}

    private final Vertx vertx;
    /** Lean for the campaigns when given (a cluster's workers); null: each campaign starts its own. */
    private final LeanService lean;
    private final StarPlan plan;
    private final StarConfig config;
    private final Store store;
    private final StarListener listener;
    private final List<Theorem> train;
    private StarTraining training;

    private StarRun(Vertx vertx, StarPlan plan, Store store, StarListener listener, LeanService lean) {
        this.vertx = vertx;
        this.lean = lean;
        this.plan = plan;
        this.config = plan.config();
        this.store = store;
        this.listener = listener;
        this.train = plan.theorems(Split.TRAIN);
    }

    /**
     * Runs (or continues) the STaR run of {@code plan}. The store is the caller's: it stays open.
     *
     * @return the outcome; fails with {@link StarStoppedException} when a step failed part-way (the same call
     *         continues the run), with {@link CampaignSetupException} when a policy or Lean cannot be started
     */
    public static Future<Outcome> run(Vertx vertx, StarPlan plan, Store store, StarListener listener) {
        return run(vertx, plan, store, listener, null);
    }

    /**
     * As {@link #run(Vertx, StarPlan, Store, StarListener)}, with every campaign's Lean served by {@code lean} (the
     * workers of a cluster) when not null.
     */
    public static Future<Outcome> run(Vertx vertx, StarPlan plan, Store store, StarListener listener,
            LeanService lean) {
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("leanforge-star", 1, LONGEST_RUN.toMillis(),
                TimeUnit.MILLISECONDS);
        return worker.executeBlocking(() -> new StarRun(vertx, plan, store, listener, lean).all(), false)
                .eventually(worker::close);
    }

    private Outcome all() throws IOException {
        Files.createDirectories(config.runDir());
        Policy policy = roundZero();
        for (int number = 1; number <= config.rounds(); number++) {
            policy = round(number, policy);
        }
        List<RoundReport> reports = store.rounds(config.run()).stream()
                .filter(r -> r.status() == RoundStatus.FINISHED && r.number() <= config.rounds())
                .map(r -> RoundReport.fromJson(r.reportJson().orElseThrow()))
                .toList();
        return new Outcome(reports, policy.dir().toString());
    }

    // ---- rounds ----

    private Policy roundZero() throws IOException {
        Round round = store.openRound(config.run(), 0);
        if (round.status() == RoundStatus.FINISHED) {
            return policyAfter(round);
        }
        Path dir = roundDir(0);
        RoundState state = RoundState.load(dir);
        TrainingStep sft = null;
        Path candidate;
        int records = 0;
        StarDataset.Mix mix = StarDataset.Mix.NONE;
        if (config.init().isPresent()) {
            candidate = config.init().get().toAbsolutePath().normalize();
        } else {
            // The reference proofs (and, with rationalization, the same behind the hint prompt): what every later
            // round's data starts from too.
            StarDataset references = dataset(new TrainRecords(List.of(), List.of(), List.of()));
            records = references.sft().size();
            mix = references.mix();
            Path data = dir.resolve("sft.jsonl");
            StarDataset.writeJsonl(data, references.sft());
            int steps = config.sft().baseSteps() > 0 ? config.sft().baseSteps() : config.sft().steps();
            String what = mix.hinted() > 0 ? records + " records (" + mix.reference() + " reference proofs, "
                    + mix.hinted() + " of them behind the hint prompt)" : records + " reference proofs";
            sft = trainingStep(state, 0, SFT, "SFT of a fresh model on " + what, progress -> {
                Path tokenizer = StarTraining.tokenizer(corpus(), config.vocab(), config.runDir().resolve("tokenizer"));
                StarConfig.ModelSizes sizes = config.sizes();
                ModelConfig fresh = new ModelConfig(sizes.layers(), sizes.heads(), sizes.width(), sizes.context(), 1,
                        true);
                return training().sft(data, new StarTraining.Fresh(fresh, tokenizer),
                        options(config.sft().epochs(), steps, config.sft().baseLearningRate()), dir.resolve("model"),
                        progress);
            });
            candidate = Path.of(sft.model());
        }
        CampaignStep evaluation = campaignStep(state, round, EVALUATION, Split.VALID, candidate, p -> p);
        RoundReport report = new RoundReport(config.run(), 0, null, null, null,
                new RoundReport.DatasetSizes(records, 0, 0, 0, 0, mix.reference(), mix.hinted(), 0, 0, 0, false), sft,
                null, evaluation, null, candidate.toString(), Map.of(), true, null, candidate.toString(),
                "promoted " + candidate + ": the first policy (valid "
                + RoundReport.describePassAtK(evaluation.passAtK()) + ")", time(List.of(evaluation), sft == null ? List.of() : List.of(sft)));
        finish(round, report);
        return new Policy(candidate, evaluation.passAtK(), evaluation.byTheorem());
    }

    /**
     * What a round's learning step produced, whichever the algorithm: the rest of the round (evaluation, promotion
     * or rollback, the report) is the same for both.
     *
     * @param candidate the trained checkpoint; null when the round had nothing to train on ({@code nothing} says why)
     */
    private record Learned(CampaignStep search, CampaignStep rationalization, RoundReport.DatasetSizes sizes,
                           TrainingStep sft, TrainingStep dpo, Path candidate, List<CampaignStep> campaigns,
                           RoundReport.Grpo grpo, String nothing) {

        List<TrainingStep> trainings() {
            List<TrainingStep> all = new ArrayList<>();
            for (TrainingStep step : new TrainingStep[] {sft, dpo, grpo == null ? null : grpo.update()}) {
                if (step != null) {
                    all.add(step);
                }
            }
            return all;
        }
    }

    private Policy round(int number, Policy current) throws IOException {
        Round round = store.openRound(config.run(), number);
        if (round.status() == RoundStatus.FINISHED) {
            return policyAfter(round);
        }
        Path dir = roundDir(number);
        RoundState state = RoundState.load(dir);
        Learned learned = config.grpoRounds() ? grpoLearning(number, round, state, current)
                : starLearning(number, round, state, current);
        List<CampaignStep> campaigns = new ArrayList<>(learned.campaigns());
        if (learned.candidate() == null) {
            RoundReport report = new RoundReport(config.run(), number, current.dir().toString(), learned.search(),
                    learned.rationalization(), learned.sizes(), null, null, null, null, null, current.valid(), false,
                    null, current.dir().toString(), "kept " + current.dir() + ": " + learned.nothing(),
                    time(campaigns, learned.trainings()), learned.grpo());
            finish(round, report);
            return current;
        }
        Path candidate = learned.candidate();
        CampaignStep evaluation = campaignStep(state, round, EVALUATION, Split.VALID, candidate, p -> p);
        campaigns.add(evaluation);
        CampaignStep candidateTrain = null;
        if (config.evaluateTrain()) {
            candidateTrain = campaignStep(state, round, CANDIDATE_TRAIN, Split.TRAIN, candidate, p -> p);
            campaigns.add(candidateTrain);
        }
        double bar = CampaignStep.headline(current.valid());
        double reached = CampaignStep.headline(evaluation.passAtK());
        Promotion.Decision decided = promotion().decide(CampaignStep.headlineKey(evaluation.passAtK()), bar,
                reached, current.validByTheorem(), evaluation.byTheorem());
        boolean promoted = decided.promoted();
        String decision = promoted
                ? "promoted " + candidate + ": " + decided.reason()
                : "kept " + current.dir() + ": " + decided.reason() + " (rolled back; the candidate stays in "
                        + candidate + ")";
        Policy next = promoted ? new Policy(candidate, evaluation.passAtK(), evaluation.byTheorem()) : current;
        RoundReport report = new RoundReport(config.run(), number, current.dir().toString(), learned.search(),
                learned.rationalization(), learned.sizes(), learned.sft(), learned.dpo(), evaluation, candidateTrain,
                candidate.toString(), current.valid(), promoted, decided.rule(), next.dir().toString(), decision,
                time(campaigns, learned.trainings()), learned.grpo());
        finish(round, report);
        return next;
    }

    /** STaR: search, a dataset of every verified proof so far, rationalization, SFT and optional DPO. */
    private Learned starLearning(int number, Round round, RoundState state, Policy current) throws IOException {
        Path dir = roundDir(number);
        CampaignStep search = campaignStep(state, round, SEARCH, Split.TRAIN, current.dir(), p -> p);
        TrainRecords earlier = TrainRecords.read(store, config.run(), number - 1);
        StarDataset before = dataset(earlier);
        // Round 0 trained on the reference proofs, or, with init, on nothing.
        boolean previousTrainedNothing = number == 1 && config.init().isPresent();

        CampaignStep rationalization = null;
        if (config.rationalize()) {
            // Decided from the search alone, so a resumed round asks for the same theorems.
            Set<String> solved = dataset(earlier.withAttemptsOf(store, search.campaignId())).solved();
            List<Theorem> unsolved = train.stream()
                    .filter(t -> !solved.contains(t.name()) && !t.proofs().isEmpty())
                    .toList();
            if (!unsolved.isEmpty()) {
                rationalization = campaignStep(state, round, RATIONALIZATION, Split.TRAIN, current.dir(),
                        p -> rationalizing(p, unsolved));
            }
        }
        StarDataset dataset = dataset(TrainRecords.read(store, config.run(), number));
        Path sftData = dir.resolve("sft.jsonl");
        Path dpoData = dir.resolve("dpo.jsonl");
        StarDataset.writeJsonl(sftData, dataset.sft());
        StarDataset.writeJsonl(dpoData, dataset.preferences());
        Set<String> newlySolved = new LinkedHashSet<>(dataset.solved());
        newlySolved.removeAll(before.solved());
        boolean same = !previousTrainedNothing && dataset.sameAs(before);
        if (same) {
            listener.note(number, "the dataset equals round " + (number - 1) + "'s (" + dataset.sft().size()
                    + " SFT records, " + dataset.preferences().size() + " pairs): the search found nothing new");
        }
        StarDataset.Mix mix = dataset.mix();
        RoundReport.DatasetSizes sizes = new RoundReport.DatasetSizes(dataset.sft().size(), dataset.dpo().size(),
                dataset.goalStateDpo().size(), dataset.solved().size(), newlySolved.size(), mix.reference(),
                mix.hinted(), mix.verified(), mix.rationalized(), mix.refusedReferences(), same);

        List<CampaignStep> campaigns = new ArrayList<>(List.of(search));
        if (rationalization != null) {
            campaigns.add(rationalization);
        }
        if (dataset.sft().isEmpty()) {
            return new Learned(search, rationalization, sizes, null, null, null, campaigns, null,
                    "no training data yet, nothing to train on");
        }
        TrainingStep sft = trainingStep(state, number, SFT, "SFT from " + current.dir() + " on "
                + dataset.sft().size() + " verified proofs", progress -> training().sft(sftData,
                new StarTraining.FromModel(current.dir()), options(config.sft().epochs(), config.sft().steps(),
                        config.sft().learningRate()), dir.resolve("sft"), progress));
        Path candidate = Path.of(sft.model());
        TrainingStep dpo = null;
        List<DpoRecord> preferences = dataset.preferences();
        if (config.dpo().enabled() && !preferences.isEmpty()) {
            Path reference = candidate;
            int steps = config.dpo().stepsFor(preferences.size(), config.sft().batchSize());
            dpo = trainingStep(state, number, DPO, "DPO from the SFT model on " + preferences.size() + " pairs ("
                    + dataset.goalStateDpo().size() + " at goal states), " + steps + " steps",
                    progress -> training().dpo(dpoData, reference, config.dpo().beta(), dpoOptions(config,
                            preferences.size()), dir.resolve("dpo"), progress));
            candidate = Path.of(dpo.model());
        }
        return new Learned(search, rationalization, sizes, sft, dpo, candidate, campaigns, null, null);
    }

    /**
     * GRPO: {@code grpo-group-size} samples of every train theorem not set aside, rewarded by Lean, optional
     * error-feedback retries joining their groups, and a clipped policy-gradient update on the groups whose rewards
     * differ. See docs/star.md, "GRPO rounds".
     */
    private Learned grpoLearning(int number, Round round, RoundState state, Policy current) throws IOException {
        Path dir = roundDir(number);
        StarConfig.GrpoBudget budget = config.grpo();
        List<RoundReport.Grpo> earlier = earlierGrpo(number);
        List<String> setAside = GrpoGroups.setAside(earlier, budget.curriculumRounds());
        List<String> newly = new ArrayList<>(setAside);
        if (!earlier.isEmpty()) {
            newly.removeAll(earlier.get(earlier.size() - 1).setAside());
        }
        if (!newly.isEmpty()) {
            listener.note(number, "curriculum: set aside " + String.join(", ", newly) + " (every sample proved, or "
                    + "none, in " + budget.curriculumRounds() + " rounds in a row)");
        }
        List<Theorem> active = train.stream().filter(t -> !setAside.contains(t.name())).toList();
        List<String> names = active.stream().map(Theorem::name).toList();
        if (active.isEmpty()) {
            RoundReport.Grpo stats = new RoundReport.Grpo(0, budget.groupSize(), 0, 0, 0, 0, 0, 0, null, 0, 0, 0,
                    setAside, newly, Map.of(), null, null, null, null, null, null);
            return new Learned(null, null, grpoSizes(number), null, null, null, List.of(), stats,
                    "every train theorem is set aside (curriculum): nothing to sample");
        }
        CampaignStep search = campaignStep(state, round, SEARCH, Split.TRAIN, current.dir(),
                p -> variant(p, round.id(), active, new WholeProofSampling(budget.groupSize(),
                        config.template().retries(), false), Map.of("purpose", SEARCH, "algorithm", "grpo")));
        List<CampaignStep> campaigns = new ArrayList<>(List.of(search));
        Map<String, Theorem> byName = new LinkedHashMap<>();
        active.forEach(t -> byName.put(t.name(), t));
        List<Attempt> searched = attempts(search.campaignId());
        List<GrpoGroups.Sample> samples = new ArrayList<>();
        for (Attempt a : searched) {
            Theorem t = byName.get(a.theorem());
            if (t != null) {
                samples.add(new GrpoGroups.Sample(a.theorem(), PromptFormat.wholeProof(t), a.proof(),
                        a.verdict().status(), false));
            }
        }
        CampaignStep feedback = null;
        if (budget.errorFeedback() > 0) {
            Map<String, String[]> retry = feedbackChoices(searched, number, budget.errorFeedback());
            List<Theorem> retried = active.stream().filter(t -> retry.containsKey(t.name())).toList();
            if (!retried.isEmpty()) {
                Function<Theorem, String> prompt = t -> PromptFormat.withFeedback(t, retry.get(t.name())[0],
                        retry.get(t.name())[1]);
                feedback = campaignStep(state, round, ERROR_FEEDBACK, Split.TRAIN, current.dir(),
                        p -> variant(p, round.id(), retried, new WholeProofSampling(1, config.template().retries(),
                                false, prompt), Map.of("purpose", ERROR_FEEDBACK, "prompt",
                                "error feedback: a refused sample and Lean's first error before the statement")));
                campaigns.add(feedback);
                for (Attempt a : attempts(feedback.campaignId())) {
                    Theorem t = byName.get(a.theorem());
                    if (t != null) {
                        samples.add(new GrpoGroups.Sample(a.theorem(), prompt.apply(t), a.proof(),
                                a.verdict().status(), true));
                    }
                }
            }
        }
        GrpoGroups groups = GrpoGroups.of(names, samples, budget.stdNormalize());
        List<GrpoGroups.Line> lines = groups.lines();
        Path data = dir.resolve("grpo.jsonl");
        StarDataset.writeJsonl(data, lines);
        int feedbackRetries = 0;
        int feedbackProved = 0;
        for (GrpoGroups.Group g : groups.groups()) {
            for (GrpoGroups.Sample s : g.samples()) {
                if (s.feedback()) {
                    feedbackRetries++;
                    feedbackProved += s.status() == Verdict.Status.PROVED ? 1 : 0;
                }
            }
        }
        double mean = groups.meanReward();
        RoundReport.Grpo stats = new RoundReport.Grpo(active.size(), budget.groupSize(), groups.groups().size(),
                groups.skipped(), groups.decidedSamples(), lines.size(), groups.excludedTimeout(),
                groups.excludedCrashed(), Double.isNaN(mean) ? null : mean,
                (double) groups.solved().size() / active.size(), feedbackRetries, feedbackProved, setAside, newly,
                groups.means(), null, null, null, null, null, feedback);
        RoundReport.DatasetSizes sizes = grpoSizes(number);
        if (lines.isEmpty()) {
            return new Learned(search, null, sizes, null, null, null, campaigns, stats, "no group had a signal ("
                    + groups.groups().size() + " groups, each with all rewards equal): nothing to learn from");
        }
        Path reference = budget.klWeight() > 0 ? referenceModel() : null;
        RunOptions options = grpoOptions(config, number, lines.size());
        GrpoOptions objective = new GrpoOptions(budget.clipLow(), budget.clipHigh(), budget.klWeight());
        TrainingStep update = trainingStep(state, number, GRPO, "GRPO update from " + current.dir() + " on "
                + lines.size() + " samples of " + (groups.groups().size() - groups.skipped()) + " groups ("
                + groups.skipped() + " skipped), " + budget.epochs() + " epoch(s)",
                progress -> training().grpo(data, current.dir(), reference, objective, options, dir.resolve("grpo"),
                        progress));
        return new Learned(search, null, sizes, null, null, Path.of(update.model()), campaigns,
                stats.withUpdate(update), null);
    }

    /** The solved counts a GRPO round reports (it trains on no dataset: the other sizes are 0). */
    private RoundReport.DatasetSizes grpoSizes(int number) {
        Set<String> solved = dataset(TrainRecords.read(store, config.run(), number)).solved();
        Set<String> newly = new LinkedHashSet<>(solved);
        newly.removeAll(dataset(TrainRecords.read(store, config.run(), number - 1)).solved());
        return new RoundReport.DatasetSizes(0, 0, 0, solved.size(), newly.size(), 0, 0, 0, 0, 0, false);
    }

    /** The GRPO statistics of the finished rounds before {@code number}, oldest first. */
    private List<RoundReport.Grpo> earlierGrpo(int number) {
        return store.rounds(config.run()).stream()
                .filter(r -> r.status() == RoundStatus.FINISHED && r.number() >= 1 && r.number() < number)
                .sorted(java.util.Comparator.comparingInt(Round::number))
                .map(r -> RoundReport.fromJson(r.reportJson().orElseThrow()).grpo())
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** The KL reference: round 0's checkpoint (the model trained on the reference proofs, or {@code init}). */
    private Path referenceModel() {
        return store.rounds(config.run()).stream()
                .filter(r -> r.number() == 0 && r.status() == RoundStatus.FINISHED)
                .map(r -> Path.of(RoundReport.fromJson(r.reportJson().orElseThrow()).candidate()))
                .findFirst().orElseThrow(() -> new IllegalStateException("round 0 is not finished"));
    }

    private List<Attempt> attempts(long campaignId) {
        return store.attempts(campaignId).stream().map(StoredAttempt::attempt).toList();
    }

    /**
     * The refused samples that get an error-feedback retry: each {@code FAILED} or {@code REJECTED} sample is
     * drawn with probability {@code p} (a hash of the run's seed, the round, the theorem and the attempt index, so a
     * resumed round draws the same), and each theorem's first drawn sample (by attempt index) is retried. Theorem →
     * {failed proof, Lean's first error line}.
     */
    static Map<String, String[]> feedbackChoices(List<Attempt> attempts, long seed, int round, double p) {
        Map<String, String[]> chosen = new LinkedHashMap<>();
        attempts.stream().sorted(java.util.Comparator.comparingInt(Attempt::attemptIndex)).forEach(a -> {
            Verdict.Status status = a.verdict().status();
            if (chosen.containsKey(a.theorem())
                    || (status != Verdict.Status.FAILED && status != Verdict.Status.REJECTED)) {
                return;
            }
            long h = roundSeed(seed, round, ERROR_FEEDBACK + ":" + a.theorem() + ":" + a.attemptIndex());
            double u = (h >>> 11) * 0x1.0p-53;
            if (u < p) {
                chosen.put(a.theorem(), new String[] {a.proof(), firstError(a.verdict())});
            }
        });
        return chosen;
    }

    private Map<String, String[]> feedbackChoices(List<Attempt> attempts, int round, double p) {
        return feedbackChoices(attempts, config.template().seed(), round, p);
    }

    /** The first line of Lean's first error, else the verdict's reason: what a retry prompt feeds back. */
    static String firstError(Verdict verdict) {
        for (LeanMessage m : verdict.messages()) {
            if (m.severity() == LeanMessage.Severity.ERROR) {
                return m.text().lines().findFirst().orElse("").strip();
            }
        }
        if (verdict instanceof Verdict.Failed f) {
            return f.reason().lines().findFirst().orElse("").strip();
        }
        if (verdict instanceof Verdict.Rejected r) {
            return r.reason().lines().findFirst().orElse("").strip();
        }
        return "";
    }

    /**
     * The update's training options: {@code grpo-epochs} passes over the round's samples in batches of
     * {@code batch-size}, at {@code grpo-lr} held constant after a warm-up of at most a tenth of the steps, with
     * a data order of the round's own ({@link #roundSeed}).
     */
    static RunOptions grpoOptions(StarConfig config, int round, int samples) {
        StarConfig.SftBudget sft = config.sft();
        int batch = sft.batchSize();
        int steps = config.grpo().epochs() * ((samples + batch - 1) / batch);
        int warmup = Math.min(sft.warmup(), steps / 10);
        Hyperparameters hp = new Hyperparameters(config.grpo().learningRate(), warmup, 1.0, 0.01, 0.9, 0.999, 1e-8,
                1.0);
        return new RunOptions(batch, config.grpo().epochs(), 0, hp, roundSeed(config.template().seed(), round, GRPO),
                sft.saveEvery(), 0, 2);
    }

    /** Writes the round's report file, then stores its checkpoint and report together: the round is finished. */
    private void finish(Round round, RoundReport report) throws IOException {
        RunFiles.writeAtomically(config.runDir().resolve("round-" + round.number() + ".json"), report.toJson());
        Map<String, Object> metrics = new LinkedHashMap<>();
        // {"valid": {"pass@K": v}} is the shape the dashboard charts (http.CheckpointPassAtK).
        metrics.put("valid", report.evaluation() != null ? report.evaluation().passAtK() : report.validBefore());
        if (report.sft() != null && report.sft().loss() != null) {
            metrics.put("sft_loss", report.sft().loss());
        }
        if (report.dpo() != null && report.dpo().loss() != null) {
            metrics.put("dpo_loss", report.dpo().loss());
        }
        RoundReport.Grpo grpo = report.grpo();
        if (grpo != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("mean_reward", grpo.meanReward());
            g.put("solved_fraction", grpo.solvedFraction());
            g.put("skipped_groups", grpo.skippedGroups());
            g.put("excluded_timeout", grpo.excludedTimeout());
            g.put("excluded_crashed", grpo.excludedCrashed());
            if (grpo.update() != null) {
                g.put("loss", grpo.update().loss());
                g.put("kl", grpo.kl());
                g.put("clip_fraction", grpo.clipFraction());
                g.put("entropy", grpo.entropy());
                g.put("tokens", grpo.tokens());
            }
            metrics.put("grpo", g);
        }
        // A round that trained nothing records the policy it kept, which stays the policy.
        boolean trained = report.candidate() != null;
        String path = trained ? report.candidate() : report.policyAfter();
        store.finishRound(round.id(), new NewCheckpoint(path, json(metrics), !trained || report.promoted()),
                report.toJson());
        listener.roundFinished(report);
    }

    /** The policy after a finished round, with the valid results it was promoted on. */
    private Policy policyAfter(Round finished) {
        RoundReport report = RoundReport.fromJson(finished.reportJson().orElseThrow());
        if (report.promoted() && report.evaluation() != null) {
            return new Policy(Path.of(report.policyAfter()), report.evaluation().passAtK(),
                    report.evaluation().byTheorem());
        }
        // Kept: the policy's own evaluation is in the report of the round that promoted it.
        for (Round earlier : store.rounds(config.run())) {
            if (earlier.status() == RoundStatus.FINISHED && earlier.number() < finished.number()) {
                RoundReport r = RoundReport.fromJson(earlier.reportJson().orElseThrow());
                if (r.promoted() && r.evaluation() != null && report.policyAfter().equals(r.policyAfter())) {
                    return new Policy(Path.of(report.policyAfter()), r.evaluation().passAtK(),
                            r.evaluation().byTheorem());
                }
            }
        }
        return new Policy(Path.of(report.policyAfter()), report.validBefore(), Map.of());
    }

    // ---- steps ----

    /** Runs a campaign step of the round, or returns its recorded result. */
    private CampaignStep campaignStep(RoundState state, Round round, String step, Split split, Path model,
            UnaryOperator<CampaignPlan> adjust) throws IOException {
        Optional<CampaignStep> done = state.get(step, CampaignStep.class);
        if (done.isPresent()) {
            return done.get();
        }
        CampaignConfig campaign = config.campaign(split, "model:" + model);
        CampaignPlan prepared = CampaignPlans.prepare(campaign, plan.server(), plan.toolchainVersion());
        CampaignPlan inRound = adjust.apply(variant(inRound(prepared, round.number(), step), round.id(),
                prepared.theorems(), prepared.strategy(), Map.of("purpose", step)));
        listener.stepStarted(round.number(), step, step + " on " + split.word() + " (" + inRound.theorems().size()
                + " theorems) with " + inRound.spec().policy());
        CampaignSummary summary = finishedEarlier(inRound).orElseGet(() -> await(round.number(), step,
                lean != null ? CampaignRunner.run(vertx, inRound, store, LeaseTerms.forThisProcess(), lean)
                        : CampaignRunner.run(vertx, inRound, store)));
        List<Attempt> attempts = store.attempts(summary.campaignId()).stream().map(StoredAttempt::attempt).toList();
        CampaignStep result = CampaignStep.of(summary, CampaignStep.byTheorem(inRound, attempts));
        state.put(step, result);
        listener.stepDone(round.number(), step);
        return result;
    }

    /**
     * {@code plan} with the sampling seed of round {@code round}'s step {@code step}: a kept policy searching again
     * draws new samples rather than the same ones (within a campaign, each call's seed also depends on the theorem
     * and the first attempt index it draws, so a resumed theorem continues with new samples too).
     */
    static CampaignPlan inRound(CampaignPlan plan, int round, String step) {
        SamplingSettings base = plan.sampling();
        SamplingSettings sampling = new SamplingSettings(base.temperature(), base.topP(), base.topK(),
                base.maxTokens(), base.stop(), roundSeed(base.seed(), round, step));
        Map<String, Object> recorded = new LinkedHashMap<>(plan.recorded());
        Map<String, Object> samplingRecord = new LinkedHashMap<>(sampling.recorded());
        samplingRecord.put("run-seed", base.seed());
        recorded.put("sampling", samplingRecord);
        return new CampaignPlan(plan.spec(), recorded, plan.theorems(), plan.strategy(), sampling, plan.policy(),
                plan.lean(), plan.provenance(), plan.inFlight(), plan.policyWorkers());
    }

    /** The sampling seed of a round's step, from the run's {@code seed}: a different stream per round and step. */
    static long roundSeed(long seed, int round, String step) {
        long h = seed ^ 0x5DEECE66DL;
        h = mix(h + 0x9E3779B97F4A7C15L * (round + 1));
        h = mix(h + step.hashCode()); // String.hashCode is fixed by the JLS
        return h;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The rationalization campaign: unsolved theorems, prompted with their first reference proof as a hint. */
    private CampaignPlan rationalizing(CampaignPlan plan, List<Theorem> unsolved) {
        CampaignConfig campaign = config.template();
        SearchStrategy hinted = new WholeProofSampling(campaign.samples(), campaign.retries(),
                campaign.stopOnProof(), t -> PromptFormat.withHint(t, t.proofs().get(0).proof()));
        return variant(plan, plan.spec().roundId().orElseThrow(), unsolved, hinted,
                Map.of("purpose", RATIONALIZATION, "prompt", "rationalization: the first reference proof as a hint"));
    }

    /**
     * {@code plan} as a campaign of round {@code roundId}, with these theorems and strategy; {@code extra} is
     * recorded with the settings, so campaigns of one round that differ only in it are told apart on resume.
     */
    private static CampaignPlan variant(CampaignPlan plan, long roundId, List<Theorem> theorems,
            SearchStrategy strategy, Map<String, Object> extra) {
        Map<String, Object> recorded = new LinkedHashMap<>(plan.recorded());
        recorded.put("budget", strategy.budget());
        recorded.putAll(extra);
        CampaignSpec spec = new CampaignSpec(plan.spec().set(), plan.spec().split(), strategy.name(),
                plan.spec().policy(), json(recorded), Optional.of(roundId));
        return new CampaignPlan(spec, recorded, theorems, strategy, plan.sampling(), plan.policy(), plan.lean(),
                plan.provenance(), plan.inFlight(), plan.policyWorkers());
    }

    /**
     * The summary of a campaign with this spec that finished before its step was recorded (a kill in between), so
     * it is not run again. Times are unknown then, and reported as 0.
     */
    private Optional<CampaignSummary> finishedEarlier(CampaignPlan campaign) {
        return store.newestCampaign(campaign.spec(), CampaignStatus.FINISHED).map(stored -> {
            List<Attempt> attempts = store.attempts(stored.id()).stream().map(StoredAttempt::attempt).toList();
            return CampaignSummary.of(campaign, stored.id(), true, attempts, 0, 0,
                    new CampaignSummary.TimeSpent(0, 0, 0, 0, 0, 0, 0, 0));
        });
    }

    private CampaignSummary await(int round, String step, Future<CampaignSummary> campaign) {
        try {
            return campaign.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CampaignSetupException setup) {
                throw setup;
            }
            throw new StarStoppedException("the " + step + " campaign of round " + round + " stopped: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StarStoppedException("interrupted during the " + step + " campaign of round " + round, e);
        }
    }

    /** Runs a training step of the round, or returns its recorded result. */
    private TrainingStep trainingStep(RoundState state, int round, String step, String detail,
            StarListener.Training<StarTraining.Result> body) throws IOException {
        Optional<TrainingStep> done = state.get(step, TrainingStep.class);
        if (done.isPresent()) {
            return done.get();
        }
        listener.stepStarted(round, step, detail);
        long start = System.nanoTime();
        StarTraining.Result result;
        try {
            result = listener.training(step, body);
        } catch (RuntimeException e) {
            throw new StarStoppedException("the " + step + " training of round " + round + " failed: "
                    + e.getMessage(), e);
        }
        TrainingStep recorded = new TrainingStep(result.model().toAbsolutePath().normalize().toString(),
                result.steps(), result.loss(), result.metrics(), (System.nanoTime() - start) / 1e9);
        state.put(step, recorded);
        listener.stepDone(round, step);
        return recorded;
    }

    // ---- data ----

    private StarDataset dataset(TrainRecords records) {
        return records.dataset(train, sources(config));
    }

    /**
     * What every round's data holds besides verified proofs: the reference proofs, always (never dropped: old data
     * is kept), and with rationalization the same behind the hint prompt.
     */
    static StarDataset.Sources sources(StarConfig config) {
        return new StarDataset.Sources(true, config.rationalize(), config.proofsPerTheorem());
    }

    private Promotion promotion() {
        StarConfig.PromotionRule rule = config.promotion();
        return new Promotion(Promotion.Rule.of(rule.rule()), rule.margin(), rule.confidence(),
                config.template().seed());
    }

    /** The tokenizer's corpus: every prompt of the set, and the train split's reference proofs. */
    private List<String> corpus() {
        List<String> texts = new ArrayList<>();
        for (Theorem theorem : plan.set().theorems()) {
            texts.add(PromptFormat.wholeProof(theorem));
        }
        for (Theorem theorem : train) {
            theorem.proofs().forEach(p -> texts.add(p.proof()));
        }
        return texts;
    }

    // ---- helpers ----

    private StarTraining training() {
        if (training == null) {
            training = new StarTraining(Compute.device(Compute.Target.AUTO), line -> {}, config.lora());
        }
        return training;
    }

    private RunOptions options(int epochs, int steps, double learningRate) {
        StarConfig.SftBudget sft = config.sft();
        Hyperparameters hp = new Hyperparameters(learningRate, sft.warmup(), 0.1, 0.01, 0.9, 0.999, 1e-8, 1.0);
        return new RunOptions(sft.batchSize(), epochs, steps, hp, config.template().seed(), sft.saveEvery(), 0, 2);
    }

    /**
     * DPO's training options for {@code pairs} pairs: {@link StarConfig.DpoBudget#stepsFor} steps at
     * {@code dpo-lr}, with a warm-up of at most a tenth of them, so a short stage reaches its peak rate rather than
     * ending inside the warm-up (where the loss stays at ln 2).
     */
    static RunOptions dpoOptions(StarConfig config, int pairs) {
        StarConfig.SftBudget sft = config.sft();
        int steps = config.dpo().stepsFor(pairs, sft.batchSize());
        int warmup = Math.min(sft.warmup(), steps / 10);
        Hyperparameters hp = new Hyperparameters(config.dpo().learningRate(), warmup, 0.1, 0.01, 0.9, 0.999, 1e-8,
                1.0);
        return new RunOptions(sft.batchSize(), 0, steps, hp, config.template().seed(), sft.saveEvery(), 0, 2);
    }

    private Path roundDir(int number) {
        return config.runDir().resolve("round-" + number);
    }

    private static RoundReport.Time time(List<CampaignStep> campaigns, List<TrainingStep> trainings) {
        double policy = 0;
        double lean = 0;
        double wall = 0;
        for (CampaignStep campaign : campaigns) {
            policy += campaign.policySeconds();
            lean += campaign.leanSeconds();
            wall += campaign.wallSeconds();
        }
        double trainingSeconds = trainings.stream().mapToDouble(TrainingStep::seconds).sum();
        return new RoundReport.Time(wall + trainingSeconds, policy, lean, trainingSeconds);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }
}
