package dev.leanforge.loop.cli;

import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.star.RoundReport;
import dev.leanforge.loop.star.StarListener;
import dev.leanforge.loop.store.RoundStatus;
import dev.leanforge.loop.store.Store;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * {@code leanforge star run} as the STaR command tests run it: on a theorem set of the test resources, with the
 * scripted Lean stand-in (a test double whose verdicts are the test's rules, not Lean's) as Lean, output and errors
 * captured in {@link #out} and {@link #err}, and every Vert.x instance the run makes a {@link StrictVertx} that must
 * end with no blocked thread ({@link #assertNoBlockedThreads}, from the test's {@code @AfterEach}).
 */
final class StarRunFixture {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();
    private final Path tmp;
    private final String set;
    private final String serverCmd;
    private final Path theoremsDir;

    /**
     * @param tmp     the test's temporary folder: the stand-in's rules file goes there, and it is Lean's project dir
     * @param set     a set under {@code /theorems/} of the test resources
     * @param standIn the verdicts of the stand-in
     */
    StarRunFixture(Path tmp, String set, StandInRules standIn) throws URISyntaxException {
        this.tmp = tmp;
        this.set = set;
        this.serverCmd = StandInCommand.forRules(standIn.writeTo(tmp));
        this.theoremsDir = Path.of(Objects.requireNonNull(StarRunFixture.class.getResource(
                "/theorems/" + set + "/manifest.json")).toURI()).getParent().getParent();
    }

    /**
     * The options every run here shares, then {@code more}: the set, the store and run directory under {@code dir},
     * the stand-in as Lean with one worker, a 2 s timeout and no retries, at most 6 new tokens, no progress bar. The
     * list may be added to.
     */
    List<String> args(Path dir, String... more) {
        List<String> args = new ArrayList<>(List.of("--set", set, "--theorems-dir", theoremsDir.toString(),
                "--store", dir.resolve("store.db").toString(), "--run-dir", dir.resolve("run").toString(),
                "--server-cmd", serverCmd, "--project-dir", tmp.toString(), "--lean-version", "stand-in (test double)",
                "--timeout", "2", "--workers", "1", "--retries", "0", "--max-tokens", "6", "--progress", "false"));
        args.addAll(List.of(more));
        return args;
    }

    /**
     * Runs {@code leanforge star run ARGS} with {@code observer} told of each step, after clearing {@link #out} and
     * {@link #err}. A later option wins over the same option earlier in {@code args}, so a test may override
     * {@link #args}.
     */
    int run(StarListener observer, List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type != StarRunCommand.class) {
                    return CommandLine.defaultFactory().create(type);
                }
                return type.cast(new StarRunCommand(() -> {
                    StrictVertx strict = StrictVertx.create();
                    instances.add(strict);
                    return strict.vertx();
                }, observer));
            }
        };
        List<String> argv = new ArrayList<>(List.of("star", "run"));
        argv.addAll(args);
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .setOverwrittenOptionsAllowed(true)
                .execute(argv.toArray(String[]::new));
    }

    /** Closes every Vert.x instance the runs made and checks that none of them blocked a thread. */
    void assertNoBlockedThreads() throws Exception {
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    /** The reports of the finished rounds of STaR run {@code run}, in round order. */
    static List<RoundReport> finishedRounds(Store store, String run) {
        return store.rounds(run).stream()
                .filter(r -> r.status() == RoundStatus.FINISHED)
                .map(r -> RoundReport.fromJson(r.reportJson().orElseThrow()))
                .toList();
    }
}
