package dev.leanforge.loop.policy;

import dev.leanforge.loop.policy.model.ModelPolicyKind;
import dev.leanforge.loop.policy.openai.OpenAiPolicyKind;
import dev.leanforge.loop.policy.scripted.ScriptedPolicyKind;
import java.util.List;
import java.util.stream.Collectors;

/** The policy kinds this build knows, and the parsing of {@code --policy KIND:ARGUMENT}. */
public final class PolicyKinds {

    /** Every kind {@code --policy} accepts. Add new kinds (model checkpoints, HTTP endpoints) here. */
    public static final List<PolicyKind> BUILT_IN = List.of(new ScriptedPolicyKind(), new ModelPolicyKind(),
            new OpenAiPolicyKind());

    private PolicyKinds() {}

    /** The policy {@code spec} names, with every policy setting at its default. */
    public static PolicyKind.Opening prepare(String spec) {
        return prepare(spec, PolicySettings.DEFAULTS);
    }

    /**
     * The policy {@code spec} names, with these policy settings.
     *
     * @throws IllegalArgumentException for a spec without a kind, an unknown kind, or a bad argument; the message
     *                                  lists the kinds there are
     */
    public static PolicyKind.Opening prepare(String spec, PolicySettings settings) {
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("policy \"" + spec + "\" must be KIND:ARGUMENT; " + known());
        }
        String kind = spec.substring(0, colon);
        String argument = spec.substring(colon + 1);
        for (PolicyKind candidate : BUILT_IN) {
            if (candidate.kind().equals(kind)) {
                return candidate.prepare(argument, settings);
            }
        }
        throw new IllegalArgumentException("unknown policy kind \"" + kind + "\" in \"" + spec + "\"; " + known());
    }

    private static String known() {
        return "this build knows: " + BUILT_IN.stream().map(PolicyKind::usage).collect(Collectors.joining("; "));
    }
}
