package dev.leanforge.trainer.testing;

import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test-only tokenizer: every UTF-8 byte is its own id (0–255) and the four special tokens follow (256–259). Lets
 * the model, sampling and training tests run without a trained BPE vocabulary.
 */
public final class ByteTokenizer implements Tokenizer {

    public static final int PROMPT = 256;
    public static final int PROOF = 257;
    public static final int END = 258;
    public static final int PAD = 259;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            if (id < 256) {
                out.write(id);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return 260;
    }

    @Override
    public int promptId() {
        return PROMPT;
    }

    @Override
    public int proofId() {
        return PROOF;
    }

    @Override
    public int endId() {
        return END;
    }

    @Override
    public int padId() {
        return PAD;
    }
}
