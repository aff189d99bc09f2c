package dev.leanforge.trainer.batch;

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
