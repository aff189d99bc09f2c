package dev.leanforge.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.tokenizer.BpeVocabulary.Merge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonTest {

    @TempDir
    Path dir;

    private static BpeVocabulary toyVocabulary() {
        WordCounts counts = new WordCounts();
        counts.addText("hug hug pug hugs");
        return new BpeTrainer(263, 1).train(counts, (r, t) -> {});
    }

    @Test
    void writesHuggingFacesSchema() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(toyVocabulary(), file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());

        assertThat(root.fieldNames()).toIterable().containsExactly("version", "truncation", "padding", "added_tokens",
                "normalizer", "pre_tokenizer", "post_processor", "decoder", "model");
        assertThat(root.path("added_tokens")).hasSize(4);
        assertThat(root.path("added_tokens").get(3).toString()).isEqualTo("{\"id\":3,\"content\":\"<|end|>\","
                + "\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
        String byteLevel = "{\"type\":\"ByteLevel\",\"add_prefix_space\":false,\"trim_offsets\":true,\"use_regex\":true}";
        assertThat(root.path("pre_tokenizer").toString()).isEqualTo(byteLevel);
        assertThat(root.path("decoder").toString()).isEqualTo(byteLevel);
        JsonNode model = root.path("model");
        assertThat(model.fieldNames()).toIterable().containsExactly("type", "dropout", "unk_token",
                "continuing_subword_prefix", "end_of_word_suffix", "fuse_unk", "byte_fallback", "ignore_merges",
                "vocab", "merges");
        assertThat(model.path("vocab").path("Ġhug").asInt()).isEqualTo(262);
        assertThat(model.path("merges").get(0).asText()).isEqualTo("u g");
    }

    @Test
    void readsWhatItWrites() throws IOException {
        BpeVocabulary vocabulary = toyVocabulary();
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(vocabulary, file);

        assertThat(TokenizerJson.read(file)).isEqualTo(vocabulary);
    }

    @Test
    void readsMergesWrittenAsPairs() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(toyVocabulary(), file);
        String pairs = Files.readString(file).replace("\"u g\"", "[\"u\", \"g\"]");
        Files.writeString(file, pairs);

        assertThat(TokenizerJson.read(file).merges().get(0)).isEqualTo(new Merge("u", "g"));
    }

    @Test
    void namesTheFileAndTheProblem() throws IOException {
        Path gap = Files.writeString(dir.resolve("gap.json"), """
                {"model": {"type": "BPE", "vocab": {"a": 0, "b": 2}, "merges": []},
                 "pre_tokenizer": {"type": "ByteLevel"}, "added_tokens": []}""");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"model\": ");

        assertThatThrownBy(() -> TokenizerJson.read(gap)).hasMessageContaining("gap.json")
                .hasMessageContaining("token b has no valid id");
        assertThatThrownBy(() -> TokenizerJson.read(broken)).hasMessageContaining("broken.json: not valid JSON");
    }

    @Test
    void refusesAVocabularyWithoutTheSpecialTokens() {
        BpeVocabulary plain = new BpeVocabulary(List.of("a", "b", "ab"), List.of(new Merge("a", "b")));

        assertThatThrownBy(() -> TokenizerJson.write(plain, dir.resolve("t.json")))
                .hasMessageContaining("lacks the special token <|pad|>");
    }
}
