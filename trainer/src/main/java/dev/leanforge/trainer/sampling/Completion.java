package dev.leanforge.trainer.sampling;

/**
 * One generated completion.
 *
 * @param text decoded completion, cut before a stop string when one ended it
 * @param tokenIds generated ids, without the end token
 * @param logProb the model's log-probability of the generated tokens (including the end token when it ended the
 *     completion), at temperature 1 and without top-k/top-p truncation: comparable across sampling settings
 */
public record Completion(String text, int[] tokenIds, double logProb, Finish finish) {

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
