package dev.leanforge.trainer.batch;

import dev.leanforge.trainer.data.PolicyExample;
import java.util.Arrays;

/**
 * One example as token ids: {@code ids[0 … completionStart)} is context the model reads, {@code ids[completionStart
 * …]} is what it is trained on or scored for (the proof and its end token).
 */
public record TokenSequence(int[] ids, int completionStart) {

    public TokenSequence {
        if (completionStart < 1 || completionStart >= ids.length) {
            // The first token has no prefix to be predicted from, so at least one context token is needed; and
            // there must be something to score.
            throw new IllegalArgumentException(
                    "completionStart " + completionStart + " outside 1.." + (ids.length - 1));
        }
        ids = ids.clone();
    }

    /**
     * The sequence of a {@link PolicyExample}: its loss mask marks one run of targets at the end (the completion and,
     * unless truncated away, {@code <|end|>}), which is where the completion starts.
     */
    public static TokenSequence of(PolicyExample example) {
        boolean[] mask = example.lossMask();
        int start = 0;
        while (start < mask.length && !mask[start]) {
            start++;
        }
        for (int i = start; i < mask.length; i++) {
            if (!mask[i]) {
                throw new IllegalArgumentException("the loss mask must mark one run at the end of the sequence");
            }
        }
        return new TokenSequence(example.ids(), start);
    }

    public int length() {
        return ids.length;
    }

    public int completionLength() {
        return ids.length - completionStart;
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }

    int id(int index) {
        return ids[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenSequence other
                && completionStart == other.completionStart
                && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + completionStart;
    }

    @Override
    public String toString() {
        return "TokenSequence" + Arrays.toString(ids) + "@" + completionStart;
    }
}
