package dev.leanforge.loop.policy.scripted;

import dev.leanforge.loop.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A policy for tests that answers from rules: the first rule whose regex is found in the prompt gives the
 * completions, the {@code i}-th sample of a call being the rule's {@code i}-th completion (cycling when more are
 * asked than the rule has). Deterministic: the same prompt and sample count always give the same answer; sampling
 * settings other than the count are ignored. A prompt that no rule matches gets the default completions, or fails
 * when the rules have none, so a test notices prompts it did not expect.
 *
 * <p>Thread-safe (immutable).
 */
public final class ScriptedPolicy implements Policy {

    /** One rule: where it was written (for messages), the pattern, and its answers in order. */
    public record Rule(String where, Pattern match, List<Completion> completions) {
        public Rule {
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(match, "match");
            completions = List.copyOf(completions);
            if (completions.isEmpty()) {
                throw new IllegalArgumentException(where + ": a rule needs at least one completion");
            }
        }
    }

    private final String source;
    private final List<Rule> rules;
    private final List<Completion> fallback;

    /**
     * @param source   what {@link #describe()} names, e.g. the rules file
     * @param fallback completions for prompts no rule matches; empty to fail on them
     */
    public ScriptedPolicy(String source, List<Rule> rules, List<Completion> fallback) {
        this.source = Objects.requireNonNull(source, "source");
        this.rules = List.copyOf(rules);
        this.fallback = List.copyOf(fallback);
    }

    @Override
    public List<Completion> complete(String prompt, SamplingParams params) {
        List<Completion> answers = answersFor(prompt).orElseThrow(() -> new IllegalStateException("no rule of "
                + source + " matches the prompt and the rules have no default; the prompt began: "
                + abbreviate(prompt)));
        List<Completion> out = new ArrayList<>(params.samples());
        for (int i = 0; i < params.samples(); i++) {
            out.add(answers.get(i % answers.size()));
        }
        return out;
    }

    /** The completions the first matching rule (else the default) gives; empty when there are none. */
    public Optional<List<Completion>> answersFor(String prompt) {
        for (Rule rule : rules) {
            if (rule.match().matcher(prompt).find()) {
                return Optional.of(rule.completions());
            }
        }
        return fallback.isEmpty() ? Optional.empty() : Optional.of(fallback);
    }

    @Override
    public String describe() {
        return "scripted:" + source;
    }

    private static String abbreviate(String prompt) {
        String flat = prompt.replace("\n", "\\n");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
