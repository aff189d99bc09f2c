package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.campaign.CampaignPlan;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.campaign.CampaignRunner;
import dev.leanforge.loop.campaign.CampaignSetupException;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.campaign.SamplingSettings;
import dev.leanforge.loop.config.CampaignConfig;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.search.SearchStrategy;
import dev.leanforge.loop.search.WholeProofSampling;
import dev.leanforge.loop.store.Attempt;
import dev.leanforge.loop.store.CampaignSpec;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.NewCheckpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.RoundStatus;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.device.Compute;
import dev.leanforge.trainer.model.ModelConfig;
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
    private final StarPlan plan;
    private final StarConfig config;
    private final Store store;
    private final StarListener listener;
    private final List<Theorem> train;
    private StarTraining training;

    private StarRun(Vertx vertx, StarPlan plan, Store store, StarListener listener) {
        this.vertx = vertx;
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
        WorkerExecutor worker = vertx.createSharedWorkerExecutor("leanforge-star", 1, LONGEST_RUN.toMillis(),
                TimeUnit.MILLISECONDS);
        return worker.executeBlocking(() -> new StarRun(vertx, plan, store, listener).all(), false)
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
                + RoundReport.describePassAtK(evaluation.passAtK()) + ")", time(List.of(evaluation), sft, null));
        finish(round, report);
        return new Policy(candidate, evaluation.passAtK(), evaluation.byTheorem());
    }

    private Policy round(int number, Policy current) throws IOException {
        Round round = store.openRound(config.run(), number);
        if (round.status() == RoundStatus.FINISHED) {
            return policyAfter(round);
        }
        Path dir = roundDir(number);
        RoundState state = RoundState.load(dir);
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
            RoundReport report = new RoundReport(config.run(), number, current.dir().toString(), search,
                    rationalization, sizes, null, null, null, null, null, current.valid(), false, null,
                    current.dir().toString(), "kept " + current.dir() + ": no training data yet, nothing to train on",
                    time(campaigns, null, null));
            finish(round, report);
            return current;
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
        RoundReport report = new RoundReport(config.run(), number, current.dir().toString(), search,
                rationalization, sizes, sft, dpo, evaluation, candidateTrain, candidate.toString(), current.valid(),
                promoted, decided.rule(), next.dir().toString(), decision, time(campaigns, sft, dpo));
        finish(round, report);
        return next;
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
                CampaignRunner.run(vertx, inRound, store)));
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
            training = new StarTraining(Compute.device(Compute.Target.AUTO), line -> {});
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

    private static RoundReport.Time time(List<CampaignStep> campaigns, TrainingStep sft, TrainingStep dpo) {
        double policy = 0;
        double lean = 0;
        double wall = 0;
        for (CampaignStep campaign : campaigns) {
            policy += campaign.policySeconds();
            lean += campaign.leanSeconds();
            wall += campaign.wallSeconds();
        }
        double trainingSeconds = (sft == null ? 0 : sft.seconds()) + (dpo == null ? 0 : dpo.seconds());
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
