package dev.leanforge.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlReaderTest {

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void readsSftRecordsInOrder() throws IOException {
        Path file = file("sft.jsonl", """
                {"prompt": "theorem t (n : ℕ) : n + 0 = n :=", "completion": " by simp"}
                {"completion": "rfl", "prompt": "example : 1 = 1 :=", "id": 7}

                {"prompt": "", "completion": "⟨1, rfl⟩"}
                """);

        JsonlData<SftRecord> data = JsonlReader.readSft(file, BadLinePolicy.REJECT);

        assertThat(data.records()).containsExactly(
                new SftRecord("theorem t (n : ℕ) : n + 0 = n :=", " by simp"),
                new SftRecord("example : 1 = 1 :=", "rfl"),
                new SftRecord("", "⟨1, rfl⟩"));
        assertThat(data.skipped()).isEmpty();
    }

    @Test
    void readsDpoRecords() throws IOException {
        Path file = file("dpo.jsonl", "{\"prompt\": \"p\", \"chosen\": \"simp\", \"rejected\": \"rfl\"}\r\n");

        assertThat(JsonlReader.readDpo(file, BadLinePolicy.REJECT).records())
                .containsExactly(new DpoRecord("p", "simp", "rfl"));
    }

    @Test
    void skipsAndReportsEachBadLineWithItsNumber() throws IOException {
        Path file = file("mixed.jsonl", """
                {"prompt": "a", "completion": "b"}
                {"prompt": "a", "completion": }
                {"prompt": "a"}
                {"prompt": "a", "completion": 3}
                {"prompt": null, "completion": "b"}
                ["a", "b"]
                {"prompt": "a", "completion": "b"} trailing
                {"prompt": "a", "prompt": "b", "completion": "c"}
                {"prompt": "a\\ud835", "completion": "b"}
                {"prompt": "c", "completion": "d"}
                """);

        JsonlData<SftRecord> data = JsonlReader.readSft(file, BadLinePolicy.SKIP);

        assertThat(data.records()).containsExactly(new SftRecord("a", "b"), new SftRecord("c", "d"));
        assertThat(data.skipped()).extracting(BadLine::line).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(data.skipped()).extracting(BadLine::problem).satisfiesExactly(
                p -> assertThat(p).startsWith("not valid JSON: Unexpected character ('}'").contains("(column 31)"),
                p -> assertThat(p).isEqualTo("missing field \"completion\" (a record needs [\"prompt\", \"completion\"])"),
                p -> assertThat(p).isEqualTo("field \"completion\" must be a string, got number"),
                p -> assertThat(p).isEqualTo("field \"prompt\" must be a string, got null"),
                p -> assertThat(p).isEqualTo("expected a JSON object with [\"prompt\", \"completion\"], got array"),
                p -> assertThat(p).startsWith("not valid JSON: Unrecognized token 'trailing'"),
                p -> assertThat(p).startsWith("not valid JSON: Duplicate field 'prompt'"),
                p -> assertThat(p).isEqualTo("field \"prompt\" holds an unpaired surrogate \\uD835 at character 1"));
        assertThat(data.skipped().get(0).toString()).startsWith(file + ":2: not valid JSON");
    }

    @Test
    void rejectsTheFirstBadLine() throws IOException {
        Path file = file("bad.jsonl", """
                {"prompt": "a", "chosen": "b", "rejected": "c"}
                {"prompt": "a", "chosen": "b"}
                {"prompt": "a", "chosen": 1, "rejected": "c"}
                """);

        assertThatThrownBy(() -> JsonlReader.readDpo(file, BadLinePolicy.REJECT))
                .isInstanceOfSatisfying(BadDataException.class, e -> {
                    assertThat(e.badLine().line()).isEqualTo(2);
                    assertThat(e.badLine().file()).isEqualTo(file);
                })
                .hasMessage(file + ":2: missing field \"rejected\" (a record needs [\"prompt\", \"chosen\", \"rejected\"])");
    }

    @Test
    void reportsInvalidUtf8AsABadLine() throws IOException {
        Path file = dir.resolve("latin1.jsonl");
        byte[] good = "{\"prompt\": \"a\", \"completion\": \"b\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'p', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'};
        Files.write(file, concat(good, bad, good));

        JsonlData<SftRecord> data = JsonlReader.readSft(file, BadLinePolicy.SKIP);

        assertThat(data.records()).hasSize(2);
        assertThat(data.skipped()).containsExactly(new BadLine(file, 2, "not valid UTF-8"));
    }

    @Test
    void ignoresAByteOrderMark() throws IOException {
        Path file = file("bom.jsonl", "\uFEFF{\"prompt\": \"a\", \"completion\": \"b\"}");

        assertThat(JsonlReader.readSft(file, BadLinePolicy.REJECT).records()).containsExactly(new SftRecord("a", "b"));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
