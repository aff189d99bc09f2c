package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.search.Outcomes;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.TacticPair;
import dev.leanforge.loop.theorems.ReferenceProof;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.SftRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A STaR round's training data, rebuilt from every attempt of the run's train-split campaigns so far, so nothing an
 * earlier round verified is ever dropped:
 *
 * <ul>
 *   <li>SFT, in this order and each record once:
 *     <ol>
 *       <li>with {@link Sources#references}, every reference proof of every train theorem (what round 0 trained
 *           on: the human-written proofs are never dropped, solved by search or not — training only on what the
 *           model itself found narrows it round after round), except one Lean refused in this run and never
 *           verified: Lean is the reward, and a reference proof it refuses (a broken one, or one for another
 *           toolchain) is not a proof here;
 *       <li>with {@link Sources#hints}, every reference proof again behind its hint prompt
 *           ({@link PromptFormat#withHint}), so the model has seen the format rationalization asks in;
 *       <li>per solved theorem, its shortest distinct verified proofs (at most {@code proofsPerTheorem}; ties by
 *           text), each as {@link PromptFormat#training} — the plain whole-proof prompt, also for proofs found
 *           with a rationalization hint. A verified proof that is also a reference proof is counted once, as a
 *           reference.
 *     </ol>
 *   <li>DPO on whole proofs ({@code dpo}): per solved theorem, its shortest verified proof against each distinct
 *       proof Lean refused ({@code FAILED} or {@code REJECTED}) and never verified;
 *   <li>DPO at goal states ({@code goalStateDpo}): the tactic-search pairs of the store ({@link TacticPair}: a tactic
 *       on a verified path against one Lean refused at the same goal state), with the tactic prompt
 *       ({@link PromptFormat#tactic}), each once.
 * </ul>
 *
 * A {@code TIMEOUT} or {@code CRASHED} attempt or step says nothing about its proof ({@link Outcomes#decided}): it is
 * neither an example nor a negative. In a campaign {@code PROVED} means rechecked in a fresh Lean process.
 *
 * @param solved the theorems with at least one verified proof
 * @param mix    where the SFT records came from
 */
public record StarDataset(List<SftRecord> sft, List<DpoRecord> dpo, List<DpoRecord> goalStateDpo,
                          Set<String> solved, Mix mix) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<String> SHORTEST_FIRST =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    public StarDataset {
        sft = List.copyOf(sft);
        dpo = List.copyOf(dpo);
        goalStateDpo = List.copyOf(goalStateDpo);
        solved = Set.copyOf(solved);
        Objects.requireNonNull(mix, "mix");
    }

    /**
     * What the SFT records are, by source; they add up to the SFT records.
     *
     * @param reference    reference proofs with the plain prompt
     * @param hinted       reference proofs with the hint prompt (rationalization's format)
     * @param verified     verified proofs the search found (not also a reference proof)
     * @param rationalized verified proofs only rationalization found (not also a reference proof)
     * @param refusedReferences reference proofs left out because Lean refused them in this run (not a record)
     */
    public record Mix(int reference, int hinted, int verified, int rationalized, int refusedReferences) {
        public static final Mix NONE = new Mix(0, 0, 0, 0, 0);

        public int total() {
            return reference + hinted + verified + rationalized;
        }
    }

    /**
     * What goes into the data besides the verified proofs.
     *
     * @param references       every train theorem's reference proofs, plain prompt
     * @param hints            every reference proof behind its hint prompt as well
     * @param proofsPerTheorem verified proofs per solved theorem
     */
    public record Sources(boolean references, boolean hints, int proofsPerTheorem) {
        public Sources {
            if (proofsPerTheorem < 1) {
                throw new IllegalArgumentException("proofsPerTheorem must be at least 1, got " + proofsPerTheorem);
            }
        }
    }

    /** Only verified proofs: the dataset of {@code attempts} without reference proofs. */
    public static StarDataset of(List<Theorem> theorems, List<Attempt> attempts, List<TacticPair> pairs,
            int proofsPerTheorem) {
        return of(theorems, attempts, List.of(), pairs, new Sources(false, false, proofsPerTheorem));
    }

    /**
     * The dataset of the search attempts {@code searched}, the rationalization attempts {@code rationalized} and
     * tactic-search {@code pairs} on {@code theorems} (those on other theorems are ignored), in set order.
     */
    public static StarDataset of(List<Theorem> theorems, List<Attempt> searched, List<Attempt> rationalized,
            List<TacticPair> pairs, Sources sources) {
        Map<String, Set<String>> verified = new LinkedHashMap<>();
        Map<String, Set<String>> refused = new LinkedHashMap<>();
        Set<String> foundBySearch = new HashSet<>(); // "theorem\0proof"
        List<Attempt> all = new ArrayList<>(searched);
        all.addAll(rationalized);
        for (Attempt attempt : all) {
            if (Outcomes.verified(attempt)) {
                verified.computeIfAbsent(attempt.theorem(), t -> new TreeSet<>(SHORTEST_FIRST)).add(attempt.proof());
            } else if (Outcomes.decided(attempt)) {
                refused.computeIfAbsent(attempt.theorem(), t -> new TreeSet<>(SHORTEST_FIRST)).add(attempt.proof());
            }
        }
        for (Attempt attempt : searched) {
            if (Outcomes.verified(attempt)) {
                foundBySearch.add(attempt.theorem() + '\0' + attempt.proof());
            }
        }
        Set<SftRecord> sft = new LinkedHashSet<>();
        int reference = 0;
        int hinted = 0;
        int bySearch = 0;
        int byRationalization = 0;
        int refusedReferences = 0;
        if (sources.references() || sources.hints()) {
            for (Theorem theorem : theorems) {
                for (ReferenceProof proof : theorem.proofs()) {
                    if (!sources.references()) {
                        break;
                    }
                    if (refusedOnly(theorem, proof.proof(), verified, refused)) {
                        refusedReferences++;
                    } else if (sft.add(PromptFormat.training(theorem, proof.proof()))) {
                        reference++;
                    }
                }
            }
            for (Theorem theorem : theorems) {
                for (ReferenceProof proof : theorem.proofs()) {
                    if (sources.hints() && !refusedOnly(theorem, proof.proof(), verified, refused)
                            && sft.add(hinted(theorem, proof.proof()))) {
                        hinted++;
                    }
                }
            }
        }
        List<DpoRecord> dpo = new ArrayList<>();
        Set<String> solved = new LinkedHashSet<>();
        for (Theorem theorem : theorems) {
            Set<String> proofs = verified.getOrDefault(theorem.name(), Set.of());
            if (proofs.isEmpty()) {
                continue;
            }
            solved.add(theorem.name());
            for (String proof : proofs.stream().limit(sources.proofsPerTheorem()).toList()) {
                if (sft.add(PromptFormat.training(theorem, proof))) {
                    if (foundBySearch.contains(theorem.name() + '\0' + proof)) {
                        bySearch++;
                    } else {
                        byRationalization++;
                    }
                }
            }
            String chosen = proofs.iterator().next();
            for (String rejected : refused.getOrDefault(theorem.name(), Set.of())) {
                // A text both verified and refused (a warm server accepted it, the fresh recheck did not) is no pair.
                if (!proofs.contains(rejected)) {
                    dpo.add(new DpoRecord(PromptFormat.wholeProof(theorem), chosen, rejected));
                }
            }
        }
        return new StarDataset(List.copyOf(sft), dpo, goalStatePairs(theorems, pairs), solved,
                new Mix(reference, hinted, bySearch, byRationalization, refusedReferences));
    }

    /** Whether Lean refused {@code proof} of {@code theorem} in this run and never verified it. */
    private static boolean refusedOnly(Theorem theorem, String proof, Map<String, Set<String>> verified,
            Map<String, Set<String>> refused) {
        return refused.getOrDefault(theorem.name(), Set.of()).contains(proof)
                && !verified.getOrDefault(theorem.name(), Set.of()).contains(proof);
    }

    /** The training record of a reference proof behind its hint prompt: rationalization's format. */
    public static SftRecord hinted(Theorem theorem, String proof) {
        return new SftRecord(PromptFormat.withHint(theorem, proof), proof);
    }

    /** Whether this dataset trains on exactly what {@code other} does (same SFT records and pairs, any order). */
    public boolean sameAs(StarDataset other) {
        return Set.copyOf(sft).equals(Set.copyOf(other.sft))
                && Set.copyOf(preferences()).equals(Set.copyOf(other.preferences()));
    }

    /** Every pair once; a tactic chosen at a goal state in one campaign is no negative there from another. */
    private static List<DpoRecord> goalStatePairs(List<Theorem> theorems, List<TacticPair> pairs) {
        Set<String> names = new LinkedHashSet<>();
        theorems.forEach(t -> names.add(t.name()));
        record At(String theorem, String goalState) {}
        Map<At, Set<String>> chosen = new LinkedHashMap<>();
        pairs.forEach(p -> chosen.computeIfAbsent(new At(p.theorem(), p.goalState()), a -> new LinkedHashSet<>())
                .add(p.chosen()));
        Set<DpoRecord> records = new LinkedHashSet<>();
        for (TacticPair pair : pairs) {
            if (names.contains(pair.theorem())
                    && !chosen.get(new At(pair.theorem(), pair.goalState())).contains(pair.rejected())) {
                records.add(new DpoRecord(PromptFormat.tactic(pair.goalState()), pair.chosen(), pair.rejected()));
            }
        }
        return List.copyOf(records);
    }

    /** Both kinds of DPO pairs, whole proofs first: what DPO trains on. */
    public List<DpoRecord> preferences() {
        List<DpoRecord> all = new ArrayList<>(dpo);
        all.addAll(goalStateDpo);
        return all;
    }

    /** Writes {@code records} as JSONL, replacing {@code file} atomically. */
    static void writeJsonl(Path file, List<?> records) throws IOException {
        RunFiles.writeAtomically(file, jsonl(records));
    }

    /**
     * {@code records} ({@link SftRecord}: {@code prompt}, {@code completion}; {@link DpoRecord}: {@code prompt},
     * {@code chosen}, {@code rejected}) as JSONL, one object per line: the files a round trains on, and what
     * {@code campaign export --format trl} writes.
     */
    public static String jsonl(List<?> records) {
        StringBuilder text = new StringBuilder();
        for (Object record : records) {
            try {
                text.append(JSON.writeValueAsString(record)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a record of strings always serialises", e);
            }
        }
        return text.toString();
    }
}
