package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.AttemptKey;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.proof.ProofTier;

import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The child process of {@link StoreCrashTest}: runs (or resumes) one campaign the way the coordinator will, and
 * prints a line for every attempt only after the store returned, i.e. after the commit: {@code proof THEOREM
 * INDEX ATTEMPT_ID} for an attempt stored with its proof, {@code attempt THEOREM INDEX} for one without. The test kills it at a
 * random moment and checks that everything it reported is still there.
 *
 * <p>Arguments: store file, number of theorems, attempts per theorem. Even attempt indexes are PROVED and carry a
 * verified proof; odd ones FAILED.
 */
public final class CrashingWriter {

    static final CampaignSpec SPEC = new CampaignSpec("crash-set", Optional.of("train"), "sample", "scripted",
            "{\"k\":10}", Optional.empty());

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int theorems = Integer.parseInt(args[1]);
        int perTheorem = Integer.parseInt(args[2]);
        try (Store store = Store.open(file)) {
            Campaign campaign = store.unfinishedCampaign(SPEC).orElseGet(() -> store.createCampaign(SPEC));
            Set<AttemptKey> finished = store.finishedAttempts(campaign.id());
            report("resumed " + finished.size());
            for (int t = 0; t < theorems; t++) {
                String theorem = "crash_" + t;
                for (int i = 0; i < perTheorem; i++) {
                    if (finished.contains(new AttemptKey(theorem, i))) {
                        continue;
                    }
                    write(store, campaign.id(), theorem, i);
                }
            }
            store.setCampaignStatus(campaign.id(), CampaignStatus.FINISHED);
            report("finished");
        }
    }

    private static void write(Store store, long campaignId, String theorem, int index) {
        String proof = "by omega -- attempt " + index;
        if (index % 2 == 0) {
            Verdict.Proved proved = new Verdict.Proved(List.of(), List.of(), Duration.ofMillis(5));
            StoredAttempt stored = store.addAttempt(
                    new Attempt(campaignId, theorem, index, proof, proved, OptionalDouble.of(-index)),
                    new VerifiedProof(SPEC.set(), theorem, "-- header", "theorem " + theorem + " : True :=", proof,
                            "4.24.0", Optional.empty(), List.of(), ProofTier.FRESH));
            report("proof " + theorem + " " + index + " " + stored.id());
        } else {
            Verdict.Failed failed = new Verdict.Failed("error", List.of(), List.of(), List.of(), Duration.ofMillis(5));
            store.addAttempt(new Attempt(campaignId, theorem, index, proof, failed, OptionalDouble.empty()));
            report("attempt " + theorem + " " + index);
        }
    }

    private static void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
