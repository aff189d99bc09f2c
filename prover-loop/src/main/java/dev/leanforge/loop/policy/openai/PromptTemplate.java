package dev.leanforge.loop.policy.openai;

import java.util.Objects;

/**
 * Wraps leanforge's prompt in what a served model expects, e.g. an instruction and a code fence:
 * {@code "Complete the following Lean 4 code:\n\n```lean4\n{prompt}"}.
 *
 * <p>The template has one placeholder, {@value #PLACEHOLDER}, for the whole prompt that
 * {@link dev.leanforge.loop.policy.PromptFormat} built (header, blank line, statement; with feedback, the failed
 * attempt and Lean's answer). There are no {@code {header}} or {@code {statement}} placeholders on purpose: a policy
 * sees prompts, not theorems, and {@code PromptFormat} stays the one place that decides what a prompt holds — the
 * same text a trained model saw. Every other character is literal, so Lean's braces need no escaping.
 *
 * @param text the template; contains {@value #PLACEHOLDER} exactly once
 */
public record PromptTemplate(String text) {

    public static final String PLACEHOLDER = "{prompt}";

    /** The prompt as it is. */
    public static final PromptTemplate PLAIN = new PromptTemplate(PLACEHOLDER);

    public PromptTemplate {
        Objects.requireNonNull(text, "text");
        int first = text.indexOf(PLACEHOLDER);
        if (first < 0 || text.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new IllegalArgumentException("must contain " + PLACEHOLDER + " exactly once, where leanforge's "
                    + "prompt (header, statement ending :=) goes; got \"" + text + "\"");
        }
    }

    /** The text sent to the server for {@code prompt}. */
    public String apply(String prompt) {
        return text.replace(PLACEHOLDER, prompt);
    }
}
