package dev.leanforge.loop.star;

import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.trainer.rl.Advantages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A GRPO round's groups: per train theorem, the proofs sampled for it (and the error-feedback retries), each
 * rewarded 1 when its check was {@code PROVED} (which in a campaign means the fresh-process tier proved it) and 0
 * when it was {@code FAILED} or {@code REJECTED}. A {@code TIMEOUT} or {@code CRASHED} check says something about
 * the checker, not the proof: such a sample is no reward of either kind, and is left out of its group (counted).
 * A group whose rewards are all equal has no signal (every advantage 0) and is skipped.
 */
record GrpoGroups(List<Group> groups, int excludedTimeout, int excludedCrashed) {

    /** One sampled proof: the prompt it was sampled from, the proof, and the check's status. */
    record Sample(String theorem, String prompt, String proof, Verdict.Status status, boolean feedback) {
        Sample {
            Objects.requireNonNull(theorem, "theorem");
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(proof, "proof");
            Objects.requireNonNull(status, "status");
        }
    }

    /** One line of {@code grpo.jsonl}: what the update trains on. */
    record Line(String theorem, String prompt, String completion, double reward, double advantage) {}

    /** A theorem's decided samples, with rewards and advantages. */
    record Group(String theorem, List<Sample> samples, double[] rewards, double[] advantages) {
        boolean informative() {
            return Advantages.informative(rewards);
        }

        double meanReward() {
            return Advantages.mean(rewards);
        }
    }

    GrpoGroups {
        groups = List.copyOf(groups);
    }

    /**
     * @param theorems the theorems sampled this round, in order: each with at least one decided sample is a group
     * @param normalize divide advantages by the group's standard deviation
     */
    static GrpoGroups of(List<String> theorems, List<Sample> samples, boolean normalize) {
        Map<String, List<Sample>> by = new LinkedHashMap<>();
        theorems.forEach(t -> by.put(t, new ArrayList<>()));
        int timeouts = 0;
        int crashes = 0;
        for (Sample s : samples) {
            List<Sample> into = by.get(s.theorem());
            if (into == null) {
                continue;
            }
            switch (s.status()) {
                case TIMEOUT -> timeouts++;
                case CRASHED -> crashes++;
                case PROVED, FAILED, REJECTED -> into.add(s);
            }
        }
        List<Group> groups = new ArrayList<>();
        by.forEach((theorem, decided) -> {
            if (decided.isEmpty()) {
                return;
            }
            double[] rewards = new double[decided.size()];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = decided.get(i).status() == Verdict.Status.PROVED ? 1 : 0;
            }
            groups.add(new Group(theorem, decided, rewards, Advantages.of(rewards, normalize)));
        });
        return new GrpoGroups(groups, timeouts, crashes);
    }

    /** The informative groups' samples, as the update's data. */
    List<Line> lines() {
        List<Line> lines = new ArrayList<>();
        for (Group g : groups) {
            if (!g.informative()) {
                continue;
            }
            for (int i = 0; i < g.samples().size(); i++) {
                Sample s = g.samples().get(i);
                lines.add(new Line(g.theorem(), s.prompt(), s.proof(), g.rewards()[i], g.advantages()[i]));
            }
        }
        return lines;
    }

    int skipped() {
        return (int) groups.stream().filter(g -> !g.informative()).count();
    }

    int decidedSamples() {
        return groups.stream().mapToInt(g -> g.samples().size()).sum();
    }

    /** Mean reward over every decided sample (skipped groups included); NaN when there is none. */
    double meanReward() {
        double sum = 0;
        int n = 0;
        for (Group g : groups) {
            for (double r : g.rewards()) {
                sum += r;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Theorems with at least one proved sample. */
    Set<String> solved() {
        Set<String> solved = new LinkedHashSet<>();
        groups.stream().filter(g -> g.meanReward() > 0).forEach(g -> solved.add(g.theorem()));
        return solved;
    }

    /** Each group's mean reward, by theorem: what the curriculum reads in later rounds. */
    Map<String, Double> means() {
        Map<String, Double> means = new LinkedHashMap<>();
        groups.forEach(g -> means.put(g.theorem(), g.meanReward()));
        return means;
    }

    /**
     * The theorems set aside before round {@code n}: those set aside before the previous round, and those whose
     * group was uniform (mean reward 0 or 1) in each of the last {@code rounds} rounds.
     *
     * @param earlier the GRPO statistics of rounds 1 … n − 1, oldest first (rounds without any left out)
     */
    static List<String> setAside(List<RoundReport.Grpo> earlier, int rounds) {
        Set<String> aside = new LinkedHashSet<>();
        if (rounds <= 0 || earlier.isEmpty()) {
            return List.of();
        }
        RoundReport.Grpo last = earlier.get(earlier.size() - 1);
        aside.addAll(last.setAside());
        if (earlier.size() >= rounds) {
            List<RoundReport.Grpo> window = earlier.subList(earlier.size() - rounds, earlier.size());
            for (String theorem : last.groupMeans().keySet()) {
                boolean uniform = window.stream().allMatch(r -> {
                    Double mean = r.groupMeans().get(theorem);
                    return mean != null && (mean == 0.0 || mean == 1.0);
                });
                if (uniform) {
                    aside.add(theorem);
                }
            }
        }
        return List.copyOf(aside);
    }
}
