package dev.leanforge.trainer.data;

import dev.leanforge.trainer.tokenizer.Tokenizer;

/** Test double: one token per character (id 10 + code point), specials 0–3; makes lengths easy to reason about. */
final class CharTokenizer implements Tokenizer {

    @Override
    public int[] encode(String text) {
        return text.codePoints().map(c -> c + 10).toArray();
    }

    @Override
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id >= 10) {
                text.appendCodePoint(id - 10);
            }
        }
        return text.toString();
    }

    @Override
    public int vocabSize() {
        return 0x110000 + 10;
    }

    @Override
    public int promptId() {
        return 1;
    }

    @Override
    public int proofId() {
        return 2;
    }

    @Override
    public int endId() {
        return 3;
    }

    @Override
    public int padId() {
        return 0;
    }
}
