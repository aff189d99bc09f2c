package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.loop.star.RunSettings;
import dev.leanforge.loop.store.NewCheckpoint;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code star run} does before it starts anything when the run already has rounds in the store: a finished
 * run says so, and a run whose settings changed is refused. Neither needs Lean (none is given here).
 */
class StarRunResumeCheckTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int star(String... more) throws URISyntaxException {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        Path theorems = Path.of(Objects.requireNonNull(getClass().getResource("/theorems/star-tiny/manifest.json"))
                .toURI()).getParent().getParent();
        List<String> argv = new ArrayList<>(List.of("star", "run", "--set", "star-tiny", "--theorems-dir",
                theorems.toString(), "--store", tmp.resolve("store.db").toString(), "--run-dir",
                tmp.resolve("run").toString(), "--rounds", "1", "--progress", "false"));
        argv.addAll(List.of(more));
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .setOverwrittenOptionsAllowed(true)
                .execute(argv.toArray(String[]::new));
    }

    /** Rounds 0 and 1 of run star-star-tiny, finished, as a finished run leaves them. */
    private void finishedRun() {
        try (Store store = Store.open(tmp.resolve("store.db"))) {
            for (int n = 0; n <= 1; n++) {
                Round round = store.openRound("star-star-tiny", n);
                store.finishRound(round.id(), new NewCheckpoint(tmp.resolve("run/round-" + n + "/sft").toString(),
                        "{\"valid\": {\"pass@1\": 0.5}}", true), "{\"round\": " + n + "}");
            }
        }
    }

    @Test
    void aFinishedRunSaysItIsFinishedAndWhereItsReportsAre() throws Exception {
        finishedRun();

        assertThat(star("--samples", "2")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("STaR run star-star-tiny is finished", "nothing to run",
                tmp.resolve("run").resolve("round-N.json").toString(),
                "policy now: " + tmp.resolve("run/round-1/sft"));
        assertThat(tmp.resolve("run").resolve(RunSettings.FILE_NAME)).exists();

        assertThat(star("--samples", "2", "--json")).isZero();
        assertThat(out.toString()).isEqualTo("[{\"round\":0},{\"round\":1}]\n");
    }

    @Test
    void changedSettingsAreRefusedNamingEachKeyWithItsOldAndNewValue() throws Exception {
        finishedRun();
        assertThat(star("--samples", "2", "--temperature", "0.5")).as(err.toString()).isZero();
        String settings = Files.readString(tmp.resolve("run").resolve(RunSettings.FILE_NAME));

        assertThat(star("--samples", "3", "--temperature", "0.5", "--workers", "3", "--rounds", "2")).isEqualTo(2);

        assertThat(err.toString()).contains("STaR run star-star-tiny was started with other settings",
                "samples: 2 → 3", "--run NAME")
                .as("workers and rounds do not change results").doesNotContain("workers: ", "rounds: 1")
                .doesNotContain("temperature");
        assertThat(Files.readString(tmp.resolve("run").resolve(RunSettings.FILE_NAME)))
                .as("the recorded settings stay those the run was started with").isEqualTo(settings);
    }
}
