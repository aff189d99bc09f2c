package dev.leanforge.trainer.testing;

import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.records.PolicyFormat;
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

    private Corpus() {}

    public static List<TokenSequence> sft() {
        ByteTokenizer tokenizer = new ByteTokenizer();
        return PROOFS.stream().map(p -> PolicyFormat.example(tokenizer, p[0], p[1])).toList();
    }

    /** Each statement's real proof is preferred over {@code sorry}. */
    public static List<TokenPair> preferences() {
        ByteTokenizer tokenizer = new ByteTokenizer();
        return PROOFS.stream()
                .map(p -> new TokenPair(PolicyFormat.example(tokenizer, p[0], p[1]),
                        PolicyFormat.example(tokenizer, p[0], "sorry")))
                .toList();
    }
}
