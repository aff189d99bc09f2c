package dev.leanforge.trainer.testing;

import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.data.PolicyFormat;
import java.util.List;

/** A few Lean-flavoured examples, short enough for {@link TinyModels#TINY}'s 48 positions. */
public final class Corpus {

    public static final List<String[]> PROOFS = List.of(
            new String[] {"1 + 1 = 2", "by norm_num"},
            new String[] {"∀ n : ℕ, n ≤ n", "fun n => le_refl n"},
            new String[] {"a ∧ b → a", "fun h => h.1"},
            new String[] {"p → p", "fun h => h"},
            new String[] {"2 * 3 = 6", "by decide"},
            new String[] {"∃ n : ℕ, n = 0", "⟨0, rfl⟩"},
            new String[] {"a ∨ a → a", "by tauto"},
            new String[] {"0 < 1", "by simp"});

    /** Long enough that nothing here is truncated. */
    private static final int NO_LIMIT = 1 << 16;
    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    private Corpus() {}

    /** {@code <|prompt|> prompt <|proof|> completion <|end|>} in byte tokens. */
    public static TokenSequence example(String prompt, String completion) {
        return TokenSequence.of(PolicyFormat.encode(TOKENIZER, prompt, completion, NO_LIMIT));
    }

    /** {@code <|prompt|> prompt <|proof|>} in byte tokens. */
    public static int[] prompt(String prompt) {
        return PolicyFormat.encodePrompt(TOKENIZER, prompt, NO_LIMIT);
    }

    public static List<TokenSequence> sft() {
        return PROOFS.stream().map(p -> example(p[0], p[1])).toList();
    }

    /** Each statement's real proof is preferred over {@code sorry}. */
    public static List<TokenPair> preferences() {
        return PROOFS.stream().map(p -> new TokenPair(example(p[0], p[1]), example(p[0], "sorry"))).toList();
    }
}
