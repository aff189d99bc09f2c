package dev.leanforge.loop.http;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.progress.CampaignProgress;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.CampaignStatus;
import dev.leanforge.loop.store.NewCheckpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.proof.VerifiedProof;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** A small store as a campaign and a STaR run would leave it, written through the Store API, for the HTTP tests. */
public final class DashboardData {

    /** The finished campaign: 3 theorems attempted, 1 solved, 4 attempts (PROVED, FAILED, TIMEOUT, REJECTED). */
    public static final long FINISHED = 1;
    /** The running campaign: 1 theorem attempted, none solved, 2 attempts (FAILED, CRASHED). */
    public static final long RUNNING = 2;
    public static final String RUN = "star-demo";

    private DashboardData() {
    }

    public static Path write(Path file) {
        try (Store store = Store.open(file)) {
            long finished = store.createCampaign(new CampaignSpec("core-nat", Optional.of("train"), "sample",
                    "scripted", "{\"k\": 2, \"temperature\": 0.8}", Optional.empty())).id();
            store.addAttempt(attempt(finished, "nat_add_zero", 0, "simp", proved()),
                    verified("nat_add_zero", "simp"));
            store.addAttempt(attempt(finished, "nat_succ_ne", 0, "omega", new Verdict.Failed("unsolved goals",
                    List.of(), List.of(), List.of(), Duration.ofMillis(40))));
            store.addAttempt(attempt(finished, "nat_succ_ne", 1, "decide", new Verdict.Timeout(Duration.ofSeconds(5),
                    Duration.ofSeconds(5))));
            store.addAttempt(attempt(finished, "nat_mul_comm", 0, "sorry", new Verdict.Rejected("sorry is not a proof",
                    Duration.ZERO)));
            store.setCampaignStatus(finished, CampaignStatus.FINISHED);

            long running = store.createCampaign(new CampaignSpec("core-list", Optional.of("valid"), "best-first",
                    "ckpt-1", "{}", Optional.empty())).id();
            store.addAttempt(attempt(running, "list_rev_rev", 0, "induction l", new Verdict.Failed("unsolved goals",
                    List.of(), List.of(), List.of(), Duration.ofMillis(70))));
            store.addAttempt(attempt(running, "list_rev_rev", 1, "simp", new Verdict.Crashed("worker died",
                    Duration.ofMillis(5))));
            if (finished != FINISHED || running != RUNNING) {
                throw new IllegalStateException("a fresh store numbers campaigns from 1");
            }

            store.recordProof(verified("nat_le_refl", "Nat.le_refl n"));

            Round round0 = store.openRound(RUN, 0);
            store.finishRound(round0.id(), new NewCheckpoint("runs/ckpt/round-0",
                    "{\"valid\": {\"pass@1\": 0.25, \"pass@8\": 0.5}, \"loss\": 1.3}", true), "{\"round\": 0}");
            Round round1 = store.openRound(RUN, 1);
            store.finishRound(round1.id(), new NewCheckpoint("runs/ckpt/round-1",
                    "{\"valid\": {\"pass@1\": 0.2, \"pass@8\": 0.45}}", false), "{\"round\": 1}");
            store.openRound(RUN, 2);
        }
        return file;
    }

    /** A progress event of the running campaign. */
    public static CampaignProgress progress(int theoremsDone, int attempts, boolean finished) {
        return new CampaignProgress(RUNNING, "core-list", Optional.of("valid"), "best-first", theoremsDone, 10,
                theoremsDone / 2, attempts, 2.5, Map.of(Verdict.Status.PROVED, theoremsDone / 2,
                Verdict.Status.FAILED, attempts - theoremsDone / 2), finished);
    }

    private static Attempt attempt(long campaign, String theorem, int index, String proof, Verdict verdict) {
        return new Attempt(campaign, theorem, index, proof, verdict, OptionalDouble.of(-1.5));
    }

    private static Verdict.Proved proved() {
        return new Verdict.Proved(List.of("propext"), List.of(), Duration.ofMillis(30));
    }

    private static VerifiedProof verified(String theorem, String proof) {
        CheckTask task = new CheckTask("-- leanforge core-nat", theorem, "theorem " + theorem + " (n : Nat) : n = n :=",
                proof);
        return VerifiedProof.freshlyChecked("core-nat", task, proved(), "4.24.0", Optional.empty());
    }
}
