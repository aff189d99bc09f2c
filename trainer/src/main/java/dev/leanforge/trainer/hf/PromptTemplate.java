package dev.leanforge.trainer.hf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How a Hugging Face model is prompted: text with one {@value #PLACEHOLDER} where the prompt (the Lean statement the
 * search or {@code leanforge sample} passes) goes. Special tokens are written as their text ({@code <|im_start|>}):
 * the model's tokenizer turns them into the tokens. A model directory may hold its template as
 * {@value #FILE_NAME}; without one the prompt is used as it is ({@link #RAW}).
 *
 * <p>Rendering {@code tokenizer_config.json}'s Jinja chat template is not done: the built-in templates below are
 * those chat templates rendered by hand for one system and one user turn.
 */
public record PromptTemplate(String name, String text) {

    public static final String PLACEHOLDER = "{{prompt}}";
    public static final String FILE_NAME = "prompt_template.txt";

    /** The prompt as it is. */
    public static final PromptTemplate RAW = new PromptTemplate("raw", PLACEHOLDER);

    /**
     * DeepSeek-Prover-V1.5 (base and SFT/RL; a Llama-architecture model): code completion, the model continues the
     * Lean block and closes it with three backquotes; sample with the stop string {@code ```}. The prompt should
     * hold the header ({@code import Mathlib …}) and the statement ending in {@code :=}.
     */
    public static final PromptTemplate DEEPSEEK_PROVER = new PromptTemplate("deepseek-prover",
            "Complete the following Lean 4 code:\n\n```lean4\n" + PLACEHOLDER);

    /**
     * Kimina-Prover (Qwen2.5 / Qwen3 based): the Qwen chat template with Kimina's system prompt, one user turn
     * asking for a proof of the formal statement, and the opened assistant turn; generation ends at
     * {@code <|im_end|>}.
     */
    public static final PromptTemplate KIMINA = new PromptTemplate("kimina",
            "<|im_start|>system\nYou are an expert in mathematics and Lean 4.<|im_end|>\n"
                    + "<|im_start|>user\nThink about and solve the following problem step by step in Lean 4.\n"
                    + "# Formal statement:\n```lean4\n" + PLACEHOLDER + "\n```\n<|im_end|>\n"
                    + "<|im_start|>assistant\n");

    public static final List<PromptTemplate> BUILT_IN = List.of(RAW, DEEPSEEK_PROVER, KIMINA);

    public PromptTemplate {
        int first = text.indexOf(PLACEHOLDER);
        if (first < 0 || text.indexOf(PLACEHOLDER, first + 1) >= 0) {
            throw new IllegalArgumentException("prompt template " + name + " must hold " + PLACEHOLDER
                    + " exactly once");
        }
    }

    /** A built-in template by name ({@code raw}, {@code deepseek-prover}, {@code kimina}). */
    public static PromptTemplate named(String name) {
        return BUILT_IN.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no prompt template named " + name + " (built in: raw, deepseek-prover, "
                        + "kimina)"));
    }

    /** The template of model directory {@code dir}: its {@value #FILE_NAME} (UTF-8), else {@link #RAW}. */
    public static PromptTemplate of(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return RAW;
        }
        try {
            return new PromptTemplate(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The template with {@code prompt} in place of the placeholder (the prompt itself is not scanned). */
    public String render(String prompt) {
        int at = text.indexOf(PLACEHOLDER);
        return text.substring(0, at) + prompt + text.substring(at + PLACEHOLDER.length());
    }
}
