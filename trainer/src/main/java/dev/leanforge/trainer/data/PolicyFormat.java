package dev.leanforge.trainer.data;

import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The policy's sequence format: {@code <|prompt|> prompt <|proof|> completion <|end|>}. Prompt and completion are
 * encoded separately and joined by the special tokens as they are, with no added spaces or newlines.
 *
 * <p>Truncation, when the sequence is longer than {@code maxLength}: the completion has priority, but the prompt
 * keeps at least half of the room for text (or all of itself if shorter). The prompt loses tokens from its start, so
 * that the end of the statement, next to the proof, survives. If the completion still does not fit, it loses its
 * tail, and {@code <|end|>} is left out, since the proof does not end there: the slot goes to one more completion
 * token. The special tokens before the completion are always kept.
 */
public final class PolicyFormat {

    /** The shortest {@code maxLength}: the three special tokens and one token of text. */
    public static final int MIN_LENGTH = 4;

    private PolicyFormat() {}

    /** The sequence for training on {@code completion} given {@code prompt}, at most {@code maxLength} tokens. */
    public static PolicyExample encode(Tokenizer tokenizer, String prompt, String completion, int maxLength) {
        checkLength(maxLength);
        int[] p = tokenizer.encode(prompt);
        int[] c = tokenizer.encode(completion);
        int room = maxLength - 3;
        int keptPrompt = p.length + c.length <= room ? p.length : Math.min(p.length, Math.max(room - c.length, room / 2));
        boolean ends = c.length <= room - keptPrompt;
        int keptCompletion = ends ? c.length : room - keptPrompt + 1;

        int length = 2 + keptPrompt + keptCompletion + (ends ? 1 : 0);
        int[] ids = new int[length];
        boolean[] mask = new boolean[length];
        ids[0] = tokenizer.promptId();
        System.arraycopy(p, p.length - keptPrompt, ids, 1, keptPrompt);
        ids[1 + keptPrompt] = tokenizer.proofId();
        int completionStart = 2 + keptPrompt;
        System.arraycopy(c, 0, ids, completionStart, keptCompletion);
        if (ends) {
            ids[length - 1] = tokenizer.endId();
        }
        Arrays.fill(mask, completionStart, length, true);
        return new PolicyExample(ids, mask, keptPrompt < p.length || keptCompletion < c.length);
    }

    /**
     * The sequence a policy continues to write a proof: {@code <|prompt|> prompt <|proof|>}, the prompt losing
     * tokens from its start to fit in {@code maxLength}.
     */
    public static int[] encodePrompt(Tokenizer tokenizer, String prompt, int maxLength) {
        checkLength(maxLength);
        int[] p = tokenizer.encode(prompt);
        int kept = Math.min(p.length, maxLength - 2);
        int[] ids = new int[kept + 2];
        ids[0] = tokenizer.promptId();
        System.arraycopy(p, p.length - kept, ids, 1, kept);
        ids[kept + 1] = tokenizer.proofId();
        return ids;
    }

    private static void checkLength(int maxLength) {
        if (maxLength < MIN_LENGTH) {
            throw new IllegalArgumentException("maximum length must be at least " + MIN_LENGTH + ", got " + maxLength);
        }
    }
}
