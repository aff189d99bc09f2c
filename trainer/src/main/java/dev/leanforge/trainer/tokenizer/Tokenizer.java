package dev.leanforge.trainer.tokenizer;

/**
 * Text to token ids and back, with the special tokens the policy's prompt format needs.
 *
 * <p>A policy example is {@code <|prompt|> statement <|proof|> proof <|end|>}: the model is trained on the
 * proof part and generation stops at {@link #endId()}.
 */
public interface Tokenizer {

    /** Token ids of {@code text}, without any special token added. */
    int[] encode(String text);

    /** The text of {@code ids}; special tokens are dropped. Round-trips {@link #encode} for any UTF-8 text. */
    String decode(int[] ids);

    int vocabSize();

    /** Marks the start of the prompt (the theorem statement and any hints). */
    int promptId();

    /** Separates the prompt from the proof the model must write. */
    int proofId();

    /** Ends a proof; generation stops here. */
    int endId();

    /** Fills batches to equal length; never trained on. */
    int padId();
}
