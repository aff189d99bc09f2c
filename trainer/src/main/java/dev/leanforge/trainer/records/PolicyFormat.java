package dev.leanforge.trainer.records;

import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.tokenizer.Tokenizer;

/**
 * The policy's text layout: {@code <|prompt|> prompt <|proof|> completion <|end|>}. The model reads everything and
 * is trained on (or scored for) the completion and the end token.
 */
public final class PolicyFormat {

    private PolicyFormat() {}

    /** {@code <|prompt|> prompt <|proof|>}: what generation continues from. */
    public static int[] prompt(Tokenizer tokenizer, String prompt) {
        int[] text = tokenizer.encode(prompt);
        int[] ids = new int[text.length + 2];
        ids[0] = tokenizer.promptId();
        System.arraycopy(text, 0, ids, 1, text.length);
        ids[ids.length - 1] = tokenizer.proofId();
        return ids;
    }

    /** The full example with the completion and the end token marked as what is scored. */
    public static TokenSequence example(Tokenizer tokenizer, String prompt, String completion) {
        int[] head = prompt(tokenizer, prompt);
        int[] body = tokenizer.encode(completion);
        int[] ids = new int[head.length + body.length + 1];
        System.arraycopy(head, 0, ids, 0, head.length);
        System.arraycopy(body, 0, ids, head.length, body.length);
        ids[ids.length - 1] = tokenizer.endId();
        return new TokenSequence(ids, head.length);
    }
}
