package dev.leanforge.loop.star;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.search.Outcomes;
import dev.leanforge.loop.store.Attempt;
import dev.leanforge.loop.store.TacticPair;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.SftRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A STaR round's training data, rebuilt from every attempt of the run's train-split campaigns so far, so nothing an
 * earlier round verified is ever dropped:
 *
 * <ul>
 *   <li>SFT: per solved theorem, its shortest distinct verified proofs (at most {@code proofsPerTheorem}; ties by
 *       text), each as {@link PromptFormat#training} — the plain whole-proof prompt, also for proofs found with a
 *       rationalization hint;
 *   <li>DPO on whole proofs ({@code dpo}): per solved theorem, its shortest verified proof against each distinct
 *       proof Lean refused ({@code FAILED} or {@code REJECTED});
 *   <li>DPO at goal states ({@code goalStateDpo}): the tactic-search pairs of the store ({@link TacticPair}: a tactic
 *       on a verified path against one Lean refused at the same goal state), with the tactic prompt
 *       ({@link PromptFormat#tactic}), each once.
 * </ul>
 *
 * A {@code TIMEOUT} or {@code CRASHED} attempt or step says nothing about its proof ({@link Outcomes#decided}): it is
 * neither an example nor a negative. In a campaign {@code PROVED} means rechecked in a fresh Lean process.
 *
 * @param solved the theorems with at least one verified proof
 */
public record StarDataset(List<SftRecord> sft, List<DpoRecord> dpo, List<DpoRecord> goalStateDpo,
                          Set<String> solved) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<String> SHORTEST_FIRST =
            Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    public StarDataset {
        sft = List.copyOf(sft);
        dpo = List.copyOf(dpo);
        goalStateDpo = List.copyOf(goalStateDpo);
        solved = Set.copyOf(solved);
    }

    /**
     * The dataset of {@code attempts} and tactic-search {@code pairs} on {@code theorems} (those on other theorems are
     * ignored), in set order.
     */
    public static StarDataset of(List<Theorem> theorems, List<Attempt> attempts, List<TacticPair> pairs,
            int proofsPerTheorem) {
        if (proofsPerTheorem < 1) {
            throw new IllegalArgumentException("proofsPerTheorem must be at least 1, got " + proofsPerTheorem);
        }
        Map<String, Set<String>> verified = new LinkedHashMap<>();
        Map<String, Set<String>> refused = new LinkedHashMap<>();
        for (Attempt attempt : attempts) {
            if (Outcomes.verified(attempt)) {
                verified.computeIfAbsent(attempt.theorem(), t -> new TreeSet<>(SHORTEST_FIRST)).add(attempt.proof());
            } else if (Outcomes.decided(attempt)) {
                refused.computeIfAbsent(attempt.theorem(), t -> new TreeSet<>(SHORTEST_FIRST)).add(attempt.proof());
            }
        }
        List<SftRecord> sft = new ArrayList<>();
        List<DpoRecord> dpo = new ArrayList<>();
        Set<String> solved = new LinkedHashSet<>();
        for (Theorem theorem : theorems) {
            Set<String> proofs = verified.getOrDefault(theorem.name(), Set.of());
            if (proofs.isEmpty()) {
                continue;
            }
            solved.add(theorem.name());
            proofs.stream().limit(proofsPerTheorem).forEach(p -> sft.add(PromptFormat.training(theorem, p)));
            String chosen = proofs.iterator().next();
            for (String rejected : refused.getOrDefault(theorem.name(), Set.of())) {
                // A text both verified and refused (a warm server accepted it, the fresh recheck did not) is no pair.
                if (!proofs.contains(rejected)) {
                    dpo.add(new DpoRecord(PromptFormat.wholeProof(theorem), chosen, rejected));
                }
            }
        }
        return new StarDataset(sft, dpo, goalStatePairs(theorems, pairs), solved);
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
