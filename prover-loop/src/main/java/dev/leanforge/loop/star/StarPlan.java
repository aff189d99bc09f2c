package dev.leanforge.loop.star;

import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.loop.campaign.CampaignPlans;
import dev.leanforge.loop.config.ConfigException;
import dev.leanforge.loop.config.StarConfig;
import dev.leanforge.loop.policy.PolicyKinds;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.trainer.hf.HfCheckpoint;
import dev.leanforge.trainer.hf.PeftAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a STaR run needs, checked before anything runs: the settings, how to start Lean, and the set.
 *
 * @param toolchainVersion {@code lean --version} of the toolchain found, when Lean is not started by server-cmd
 */
public record StarPlan(StarConfig config, ServerCommand server, Optional<String> toolchainVersion, TheoremSet set) {

    public StarPlan {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(toolchainVersion, "toolchainVersion");
        Objects.requireNonNull(set, "set");
    }

    /**
     * Reads the set and checks that the run can start: theorems in the train and valid splits, and either an initial
     * model or reference proofs of train theorems to train one on. Blocking (reads files).
     *
     * @throws ConfigException listing what is missing
     */
    public static StarPlan prepare(StarConfig config, ServerCommand server, Optional<String> toolchainVersion) {
        TheoremSet set = CampaignPlans.readSet(config.template());
        StarPlan plan = new StarPlan(config, server, toolchainVersion, set);
        List<String> problems = new ArrayList<>();
        for (Split split : List.of(Split.TRAIN, Split.VALID)) {
            if (plan.theorems(split).isEmpty()) {
                problems.add("set " + set.name() + " has no theorems in split " + split.word() + "; STaR searches "
                        + "the train split and evaluates on the valid one (`leanforge theorems split` assigns them)");
            }
        }
        if (problems.isEmpty()) {
            // What each round's campaigns will check, checked now: a missing or bad Lean version, Mathlib revision
            // or search setting must not wait until round 0 has trained.
            for (Split split : List.of(Split.TRAIN, Split.VALID)) {
                try {
                    CampaignPlans.checkAllButPolicy(config.campaign(split, "model:(each round's checkpoint)"),
                            toolchainVersion);
                } catch (ConfigException e) {
                    e.problems().stream().filter(p -> !problems.contains(p)).forEach(problems::add);
                }
            }
        }
        if (config.init().isPresent()) {
            try {
                PolicyKinds.prepare("model:" + config.init().get());
            } catch (IllegalArgumentException e) {
                problems.add("init: " + e.getMessage());
            }
            Path init = config.init().get();
            if (config.lora() != null && !HfCheckpoint.isHfDirectory(init) && !PeftAdapter.isAdapterDirectory(init)) {
                problems.add("lora-r: " + config.lora().r() + " trains LoRA adapters on a Hugging Face model, but init "
                        + init + " is not one (our own models train fully: lora-r: 0)");
            }
        } else if (plan.theorems(Split.TRAIN).stream().allMatch(t -> t.proofs().isEmpty())) {
            problems.add("set " + set.name() + " has no reference proofs in its train split to train round 0 on; "
                    + "give init: DIR, a model to start from");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return plan;
    }

    /** The set's theorems in {@code split}, in the set's order. */
    public List<Theorem> theorems(Split split) {
        return set.theorems().stream().filter(t -> t.split() == split).toList();
    }
}
