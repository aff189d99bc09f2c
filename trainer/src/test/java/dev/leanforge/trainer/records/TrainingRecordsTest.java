package dev.leanforge.trainer.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.testing.ByteTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRecordsTest {

    private static final ByteTokenizer TOKENIZER = new ByteTokenizer();

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.write(dir.resolve("data.jsonl"), List.of(lines));
    }

    @Test
    void buildsThePolicyFormatWithTheCompletionAndEndScored() {
        TokenSequence s = PolicyFormat.example(TOKENIZER, "ab", "c");
        assertThat(s.ids()).containsExactly(ByteTokenizer.PROMPT, 'a', 'b', ByteTokenizer.PROOF, 'c',
                ByteTokenizer.END);
        assertThat(s.completionStart()).isEqualTo(4);
        assertThat(PolicyFormat.prompt(TOKENIZER, "ab")).containsExactly(ByteTokenizer.PROMPT, 'a', 'b',
                ByteTokenizer.PROOF);
    }

    @Test
    void skipsAndReportsBadLinesWithTheirNumbers() throws IOException {
        Path data = file(
                "{\"prompt\": \"p\", \"completion\": \"by simp\"}",
                "",
                "{\"prompt\": \"p\"}",
                "not json",
                "[1, 2]",
                "{\"prompt\": \"p\", \"completion\": \"" + "x".repeat(60) + "\"}",
                "{\"prompt\": \"q\", \"completion\": \"rfl\"}");
        List<String> reports = new ArrayList<>();
        var lines = new TrainingRecords(TOKENIZER, 48, BadLinePolicy.SKIP, reports::add).sft(data);
        assertThat(lines).extracting(TrainingRecords.Line::number).containsExactly(1, 7);
        assertThat(reports).hasSize(4);
        assertThat(reports.get(0)).contains("data.jsonl:3:", "\"completion\" must be a string");
        assertThat(reports.get(1)).contains("data.jsonl:4:", "invalid JSON");
        assertThat(reports.get(2)).contains("data.jsonl:5:", "not a JSON object");
        assertThat(reports.get(3)).contains("data.jsonl:6:", "64 tokens", "context of 48");
    }

    @Test
    void rejectStopsAtTheFirstBadLine() throws IOException {
        Path data = file("{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"b\"}",
                "{\"prompt\": \"p\", \"chosen\": \"a\"}");
        TrainingRecords records = new TrainingRecords(TOKENIZER, 48, BadLinePolicy.REJECT, r -> {});
        assertThatThrownBy(() -> records.dpo(data))
                .isInstanceOf(BadDataException.class)
                .hasMessageContaining("data.jsonl:2: \"rejected\" must be a string");
        List<TrainingRecords.Line<TokenPair>> ok = records.dpo(file(
                "{\"prompt\": \"p\", \"chosen\": \"a\", \"rejected\": \"bb\"}"));
        assertThat(ok.get(0).example().chosen().completionLength()).isEqualTo(2);
        assertThat(ok.get(0).example().rejected().completionLength()).isEqualTo(3);
    }
}
