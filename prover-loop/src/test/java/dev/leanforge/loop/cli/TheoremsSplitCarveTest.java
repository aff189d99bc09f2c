package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code theorems split --from valid --train-ratio R}: train carved out of valid, test untouched (miniF2F's split). */
class TheoremsSplitCarveTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    /** A miniF2F-shaped set: 8 valid and 4 test problems, imported from JSON lines as miniF2F is. */
    private Path set(String name) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append(JSON.writeValueAsString(Map.of("name", "p" + i, "split", i < 8 ? "valid" : "test",
                    "header", "-- core\n\n", "statement", "theorem p" + i + " : " + i + " = " + i + " := by sorry")))
                    .append('\n');
        }
        Path jsonl = Files.writeString(tmp.resolve(name + ".jsonl"), lines.toString());
        assertThat(run("theorems", "import", "minif2f-jsonl", jsonl.toString(), "--set", name, "--dir",
                tmp.resolve("theorems").toString(), "--license", "CC0-1.0")).as(err.toString()).isZero();
        return tmp.resolve("theorems").resolve(name).resolve("manifest.json");
    }

    private Map<String, String> splits(Path manifest) throws IOException {
        Map<String, String> splits = new LinkedHashMap<>();
        for (JsonNode t : JSON.readTree(manifest.toFile()).get("theorems")) {
            splits.put(t.get("name").asText(), t.get("split").asText());
        }
        return splits;
    }

    @Test
    void carvesTrainOutOfValidAndLeavesTestAsItWas() throws IOException {
        Path manifest = set("mini");

        assertThat(run("theorems", "split", "--set", "mini", "--dir", tmp.resolve("theorems").toString(), "--seed",
                "7", "--from", "valid", "--train-ratio", "0.5")).as(err.toString()).isZero();

        Map<String, String> splits = splits(manifest);
        assertThat(splits.values()).containsOnly("train", "valid", "test");
        assertThat(splits.values().stream().filter("train"::equals).count()).isEqualTo(4);
        assertThat(splits.values().stream().filter("valid"::equals).count()).isEqualTo(4);
        for (int i = 8; i < 12; i++) {
            assertThat(splits.get("p" + i)).as("test untouched").isEqualTo("test");
        }
        for (int i = 0; i < 8; i++) {
            assertThat(splits.get("p" + i)).as("carved from valid only").isIn("train", "valid");
        }
        assertThat(out.toString()).contains("4 train, 4 valid, 4 test", "train carved out of valid");

        Path again = set("mini2");
        run("theorems", "split", "--set", "mini2", "--dir", tmp.resolve("theorems").toString(), "--seed", "7",
                "--from", "valid", "--train-ratio", "0.5");
        assertThat(splits(again)).as("deterministic").isEqualTo(splits);
    }

    @Test
    void ratiosAndCarvingAreExclusiveAndCheckedAsUsage() throws IOException {
        set("mini");
        String dir = tmp.resolve("theorems").toString();

        assertThat(run("theorems", "split", "--set", "mini", "--dir", dir, "--seed", "1", "--ratios", "1,0,0",
                "--from", "valid", "--train-ratio", "0.5")).isEqualTo(2);
        assertThat(run("theorems", "split", "--set", "mini", "--dir", dir, "--seed", "1", "--from", "valid"))
                .isEqualTo(2);
        assertThat(run("theorems", "split", "--set", "mini", "--dir", dir, "--seed", "1", "--from", "valid",
                "--train-ratio", "1.5")).isEqualTo(2);
        assertThat(err.toString()).contains("give either --ratios", "'--train-ratio'", "must be ", "; got 1.5");
    }
}
