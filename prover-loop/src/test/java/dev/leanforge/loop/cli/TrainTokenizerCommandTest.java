package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.trainer.tokenizer.BpeTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainTokenizerCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LeanforgeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path corpus() throws IOException {
        String lean = "theorem t (n : ℕ) : n + 0 = n := by simp\nexample : ∀ n : ℕ, n ≤ n + 1 := fun n => Nat.le_succ n\n";
        return Files.writeString(dir.resolve("corpus.lean"), lean.repeat(50));
    }

    @Test
    void trainsAndWritesATokenizerThatLoads() throws IOException {
        Path outDir = dir.resolve("tok");

        int exit = run("train", "tokenizer", "--corpus", corpus().toString(), "--vocab", "300", "--out", outDir.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("vocabulary size 300 of 300 asked (40 merges)")
                .containsPattern("trained in \\d+\\.\\d s")
                .contains("wrote " + outDir.resolve("tokenizer.json"));
        assertThat(err.toString()).contains("BPE merges");
        BpeTokenizer tokenizer = BpeTokenizer.load(outDir);
        assertThat(tokenizer.vocabSize()).isEqualTo(300);
        assertThat(tokenizer.decode(tokenizer.encode("n ≤ n + 1"))).isEqualTo("n ≤ n + 1");
    }

    @Test
    void saysWhenTheCorpusRunsOutOfPairs() throws IOException {
        int exit = run("train", "tokenizer", "--corpus", corpus().toString(), "--vocab", "100000", "--out", dir.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("of 100,000 asked").contains("stopped early: no pair of tokens occurs 2 times");
    }

    @Test
    void aMissingCorpusFileIsAUsageError() {
        Path missing = dir.resolve("missing.txt");

        int exit = run("train", "tokenizer", "--corpus", missing.toString(), "--vocab", "300", "--out", dir.toString());

        assertThat(exit).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("corpus file not found or not readable: " + missing);
    }

    @Test
    void aVocabularyTooSmallIsAUsageError() throws IOException {
        int exit = run("train", "tokenizer", "--corpus", corpus().toString(), "--vocab", "100", "--out", dir.toString());

        assertThat(exit).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("'--vocab'", "must be a whole number between 260 and 262144; got 100");
    }

    @Test
    void aCorpusThatIsNotUtf8IsReportedWithItsName() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});

        int exit = run("train", "tokenizer", "--corpus", latin1.toString(), "--vocab", "300", "--out", dir.toString());

        assertThat(exit).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains(latin1 + ": not valid UTF-8 text");
    }

    @Test
    void trainWithoutWhatToTrainIsAUsageError() {
        assertThat(run("train")).isEqualTo(LeanforgeCli.EXIT_USAGE);
        assertThat(err.toString()).contains("Missing what to train").contains("tokenizer");
    }
}
