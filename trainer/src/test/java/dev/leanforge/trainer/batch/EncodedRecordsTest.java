package dev.leanforge.trainer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.data.PolicyExample;
import dev.leanforge.trainer.testing.ByteTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodedRecordsTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @TempDir
    Path dir;

    @Test
    void encodesRecordsForTheContextAndKeepsTrackOfSkippedAndCutOnes() throws IOException {
        Path file = Files.write(dir.resolve("sft.jsonl"), List.of(
                "{\"prompt\": \"ab\", \"completion\": \"c\"}",
                "{\"prompt\": \"no completion\"}",
                "{\"prompt\": \"p\", \"completion\": \"" + "x".repeat(30) + "\"}"));
        EncodedRecords<TokenSequence> records = EncodedRecords.sft(file, TOKENIZER, 16, BadLinePolicy.SKIP);

        assertThat(records.examples()).hasSize(2);
        TokenSequence first = records.examples().get(0);
        assertThat(first.ids()).containsExactly(ByteTokenizer.PROMPT, 'a', 'b', ByteTokenizer.PROOF, 'c',
                ByteTokenizer.END);
        assertThat(first.completionStart()).isEqualTo(4);
        assertThat(records.skipped()).extracting(b -> b.line()).containsExactly(2L);
        assertThat(records.truncated()).containsExactly(1);
        assertThat(records.examples().get(1).length()).isEqualTo(17); // context + 1: the last is only a target
    }

    @Test
    void dpoPairsShareThePrompt() throws IOException {
        Path file = Files.write(dir.resolve("dpo.jsonl"),
                List.of("{\"prompt\": \"p\", \"chosen\": \"good\", \"rejected\": \"bad\"}"));
        TokenPair pair = EncodedRecords.dpo(file, TOKENIZER, 64, BadLinePolicy.REJECT).examples().get(0);
        assertThat(pair.chosen().completionLength()).isEqualTo(5);
        assertThat(pair.rejected().completionLength()).isEqualTo(4);
        assertThat(pair.chosen().completionStart()).isEqualTo(pair.rejected().completionStart());
    }

    @Test
    void aSequenceComesFromAMaskThatMarksItsEnd() {
        PolicyExample gap = new PolicyExample(new int[] {1, 2, 3, 4}, new boolean[] {false, true, false, true},
                false);
        assertThatThrownBy(() -> TokenSequence.of(gap)).isInstanceOf(IllegalArgumentException.class);
        PolicyExample ok = new PolicyExample(new int[] {1, 2, 3, 4}, new boolean[] {false, false, true, true},
                false);
        assertThat(TokenSequence.of(ok).completionStart()).isEqualTo(2);
    }
}
