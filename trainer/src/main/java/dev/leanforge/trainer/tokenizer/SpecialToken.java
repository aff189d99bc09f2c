package dev.leanforge.trainer.tokenizer;

import java.util.Arrays;
import java.util.List;

/** The policy's special tokens; a trained vocabulary gives them the ids 0–3 in this order. */
public enum SpecialToken {
    PAD("<|pad|>"),
    PROMPT("<|prompt|>"),
    PROOF("<|proof|>"),
    END("<|end|>");

    private final String content;

    SpecialToken(String content) {
        this.content = content;
    }

    /** The token's text in {@code tokenizer.json}. */
    public String content() {
        return content;
    }

    /** The id a vocabulary trained by {@link BpeTrainer} gives this token. */
    public int trainedId() {
        return ordinal();
    }

    public static List<String> contents() {
        return Arrays.stream(values()).map(SpecialToken::content).toList();
    }
}
