package dev.leanforge.trainer.data;

/**
 * One training sequence in the policy's format (see {@link PolicyFormat}).
 *
 * @param ids       the token ids, at most the length asked for; not padded
 * @param lossMask  {@code lossMask[i]} is true when {@code ids[i]} is a training target: a completion token or the
 *                  closing {@code <|end|>}. The model predicts {@code ids[i]} from positions before {@code i}, so the
 *                  loss at {@code i} uses the logits at {@code i - 1}.
 * @param truncated whether prompt or completion lost tokens to fit
 */
public record PolicyExample(int[] ids, boolean[] lossMask, boolean truncated) {

    public PolicyExample {
        if (ids.length != lossMask.length) {
            throw new IllegalArgumentException(ids.length + " ids but " + lossMask.length + " mask entries");
        }
    }

    public int length() {
        return ids.length;
    }
}
