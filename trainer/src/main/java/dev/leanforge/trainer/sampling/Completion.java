package dev.leanforge.trainer.sampling;

/**
 * One generated completion.
 *
 * @param text decoded completion, cut before a stop string when one ended it
 * @param tokenIds generated ids, without the end token
 * @param logProb the model's log-probability of the generated tokens (including the end token when it ended the
 *     completion), at temperature 1 and without top-k/top-p truncation: comparable across sampling settings
 * @param finish why generation stopped
 * @param tokenLogProbs the terms of {@code logProb}, one per generated token and one more for the end token when
 *     it ended the completion
 */
public record Completion(String text, int[] tokenIds, double logProb, Finish finish, double[] tokenLogProbs) {

    /** A completion whose per-token log-probabilities are not known. */
    public Completion(String text, int[] tokenIds, double logProb, Finish finish) {
        this(text, tokenIds, logProb, finish, new double[0]);
    }

    /** Why generation stopped. */
    public enum Finish {
        /** The model produced the end token. */
        END,
        /** The completion's text reached a stop string. */
        STOP_STRING,
        /** {@code maxNewTokens} were generated. */
        MAX_TOKENS,
        /** The model's context is full. */
        CONTEXT
    }
}
