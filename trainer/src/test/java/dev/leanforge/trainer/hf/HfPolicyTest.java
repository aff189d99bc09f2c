package dev.leanforge.trainer.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import dev.leanforge.trainer.tokenizer.BpeTrainer;
import dev.leanforge.trainer.tokenizer.TokenizerJson;
import dev.leanforge.trainer.tokenizer.WordCounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HfPolicy} on a tiny Qwen2 directory with 32 positions and one of our tokenizer.json files (read by Hugging
 * Face's library): end ids from config.json alone, the template, and how records too long for the context are cut.
 */
class HfPolicyTest {

    @TempDir
    static Path tmp;

    static HfPolicy policy;
    static BpeTokenizer bpe;

    @BeforeAll
    static void load() throws IOException {
        WordCounts words = new WordCounts();
        words.addText("theorem t (n : Nat) : n + 0 = n := by simp\n".repeat(5));
        Path dir = tmp.resolve("qwen2");
        Files.createDirectories(dir);
        TokenizerJson.write(new BpeTrainer(280, 1).train(words, (r, t) -> {}), dir.resolve("tokenizer.json"));
        bpe = BpeTokenizer.load(dir.resolve("tokenizer.json"));
        ObjectNode json = HfTiny.qwen2();
        json.put("vocab_size", bpe.vocabSize());
        json.put("max_position_embeddings", 32);
        json.put("eos_token_id", bpe.endId());
        HfConfig config = HfConfig.parse(json);
        HfTiny.write(dir, json, HfTiny.randomTensors(config, 2), "F32");
        Files.writeString(dir.resolve(PromptTemplate.FILE_NAME), "Prove: " + PromptTemplate.PLACEHOLDER + "\n");
        policy = HfPolicy.load(dir, Device.cpu());
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void theEndIdComesFromConfigJsonAndThePromptFromTheTemplate() {
        assertThat(policy.tokenizer().endIds()).containsExactly(bpe.endId());
        assertThat(policy.tokenizer().padId()).isEqualTo(bpe.endId());
        assertThat(policy.template().render("x")).isEqualTo("Prove: x\n");
        assertThat(policy.encodePrompt("x", 32)).containsExactly(bpe.encode("Prove: x\n"));
    }

    @Test
    void aRecordThatFitsIsPromptCompletionAndEnd() {
        boolean[] cut = new boolean[1];
        TokenSequence s = policy.encode("n = n", " rfl", cut);
        int[] prompt = bpe.encode("Prove: n = n\n");
        assertThat(cut[0]).isFalse();
        assertThat(s.ids()).containsExactly(concat(concat(prompt, bpe.encode(" rfl")), new int[] {bpe.endId()}));
        assertThat(s.completionStart()).isEqualTo(prompt.length);
    }

    @Test
    void aLongRecordLosesItsPromptsStartThenItsCompletionsTail() {
        boolean[] cut = new boolean[1];
        String longPrompt = "a b c d e f g h i j k l m n o p q r s t u v w x y z";
        int[] prompt = bpe.encode("Prove: " + longPrompt + "\n");
        assertThat(prompt.length).isGreaterThan(20);
        TokenSequence s = policy.encode(longPrompt, " rfl", cut);
        assertThat(cut[0]).isTrue();
        assertThat(s.length()).isEqualTo(33); // context + 1: the last token is only predicted
        int[] completion = concat(bpe.encode(" rfl"), new int[] {bpe.endId()});
        assertThat(Arrays.copyOfRange(s.ids(), s.completionStart(), s.length())).containsExactly(completion);
        assertThat(Arrays.copyOfRange(s.ids(), 0, s.completionStart()))
                .containsExactly(Arrays.copyOfRange(prompt, prompt.length - s.completionStart(), prompt.length));

        String longProof = " simp".repeat(40);
        TokenSequence t = policy.encode("n = n", longProof, cut);
        assertThat(cut[0]).isTrue();
        assertThat(t.length()).isEqualTo(33);
        assertThat(t.ids()[32]).isNotEqualTo(bpe.endId()); // the proof does not end there
        assertThat(t.completionStart()).isEqualTo(bpe.encode("Prove: n = n\n").length);

        assertThatThrownBy(() -> policy.encodePrompt(longPrompt, 16))
                .hasMessageContaining("more than the 16 left for it");
    }
}
