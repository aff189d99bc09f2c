package dev.leanforge.loop.theorems.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Elaborated;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Outcome;
import dev.leanforge.loop.theorems.validate.StatementElaborator.Unfinished;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SetValidatorTest {

    private static final LeanMessage SORRY =
            new LeanMessage(Severity.WARNING, 3, 8, 3, 12, "declaration uses `sorry`");

    private static Theorem theorem(String name, int line) {
        return new Theorem("demo", name, Split.TRAIN, OptionalInt.empty(), List.of(), "Logic.lean", line, 1,
                "-- demo header", "theorem " + name + " (p : Prop) : p → p :=", " by sorry", Optional.empty(),
                List.of());
    }

    private static TheoremSet set(Theorem... theorems) {
        Manifest manifest = new Manifest("demo", "d", "s", "MIT", "leanprover/lean4:v4.24.0", Optional.empty(),
                "-- demo header", List.of("Logic.lean"), List.of());
        return new TheoremSet(Path.of("theorems/demo"), manifest, List.of(theorems));
    }

    /** A scripted elaborator (test double): answers each theorem from a table, on its own threads. */
    private static final class Scripted implements StatementElaborator {
        private final Map<String, Function<CheckTask, Outcome>> answers;
        private final int parallelism;
        private final ExecutorService pool = Executors.newFixedThreadPool(4);
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<CheckTask> seen = new ArrayList<>();

        Scripted(int parallelism, Map<String, Function<CheckTask, Outcome>> answers) {
            this.parallelism = parallelism;
            this.answers = answers;
        }

        @Override
        public CompletableFuture<Outcome> elaborate(CheckTask task) {
            synchronized (seen) {
                seen.add(task);
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(5);
                    return answers.get(task.theoremName()).apply(task);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.decrementAndGet();
                }
            }, pool);
        }

        @Override
        public int parallelism() {
            return parallelism;
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    @Test
    void onlyTheSorryWarningPassesAndEveryOtherOutcomeIsReportedWithItsPlace() throws Exception {
        TheoremSet set = set(theorem("ok", 3), theorem("bad_type", 7), theorem("warns", 11), theorem("silent", 15),
                theorem("slow", 19), theorem("broken", 23));
        Map<String, Function<CheckTask, Outcome>> answers = Map.of(
                "ok", t -> new Elaborated(List.of(SORRY,
                        new LeanMessage(Severity.INFORMATION, 5, 0, 5, 10, "'ok' depends on axioms: [sorryAx]"))),
                "bad_type", t -> new Elaborated(List.of(SORRY,
                        new LeanMessage(Severity.ERROR, 3, 25, 3, 26, "unknown identifier 'q'\n"))),
                "warns", t -> new Elaborated(List.of(SORRY,
                        new LeanMessage(Severity.WARNING, 3, 8, 3, 13, "unused variable `p`"))),
                "silent", t -> new Elaborated(List.of()),
                "slow", t -> new Unfinished("no answer within 300 s"),
                "broken", t -> {
                    throw new IllegalStateException("worker died");
                });
        List<String> reported = new ArrayList<>();

        List<SetValidator.Failure> failures;
        try (Scripted lean = new Scripted(2, answers)) {
            failures = SetValidator.validate(set, lean, (t, f) -> reported.add(t.name() + (f.isPresent() ? "!" : "")));
            assertThat(lean.seen).extracting(CheckTask::proof).containsOnly("by sorry");
            assertThat(lean.maxInFlight.get()).isLessThanOrEqualTo(2);
        }

        assertThat(reported).containsExactlyInAnyOrder("ok", "bad_type!", "warns!", "silent!", "slow!", "broken!");
        assertThat(failures).extracting(f -> f.theorem().name())
                .containsExactly("bad_type", "warns", "silent", "slow", "broken");
        String file = Path.of("theorems/demo/Logic.lean").toString();
        assertThat(failures.get(0).findings()).extracting(SetValidator.Finding::toString)
                .containsExactly(file + ":7:26: error: unknown identifier 'q'");
        assertThat(failures.get(1).findings()).extracting(SetValidator.Finding::toString)
                .containsExactly(file + ":11:9: warning: unused variable `p`");
        assertThat(failures.get(2).findings()).singleElement().asString()
                .startsWith(file + ":15:1: Lean reported no `declaration uses sorry` warning");
        assertThat(failures.get(3).findings()).singleElement().asString()
                .isEqualTo(file + ":19:1: not validated: Lean gave no answer (no answer within 300 s)");
        assertThat(failures.get(4).findings()).singleElement().asString().contains("worker died");
    }

    @Test
    void headerErrorsAreReportedAtTheTheoremAndOlderSorrySpellingIsAccepted() {
        Theorem t = theorem("h", 4);
        Outcome outcome = new Elaborated(List.of(
                new LeanMessage(Severity.WARNING, 3, 8, 3, 9, "declaration uses 'sorry'"),
                new LeanMessage(Severity.ERROR, 1, 7, 1, 14, "unknown module prefix 'Mathlib'")));

        Optional<SetValidator.Failure> failure = SetValidator.judge(set(t), t, outcome);

        assertThat(failure.orElseThrow().findings()).singleElement().asString()
                .endsWith("Logic.lean:4:1: in the header (line 1 of the checked document): error: unknown module"
                        + " prefix 'Mathlib'");
        assertThat(SetValidator.judge(set(t), t, new Elaborated(List.of(
                new LeanMessage(Severity.WARNING, 3, 8, 3, 9, "declaration uses 'sorry'"))))).isEmpty();
    }
}
