package dev.leanforge.bridge.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.server.ProcessTrees;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The authoritative tier against the stand-in (a test double): one new process per check, gone afterwards. */
class FreshProcessCheckerTest {

    @TempDir
    Path dir;

    @Test
    void eachCheckRunsInItsOwnProcessWithOneDocumentAndLeavesNothingRunning() throws Exception {
        Path rules = StandInRules.create()
                .sorryStyle(SorryStyle.QUOTE)
                .rule(r -> r.match("by decide").axioms("propext"))
                .rule(r -> r.match("by cheat_tac").sorry().axioms("propext"))
                .writeTo(dir);
        Path record = dir.resolve("received.jsonl");
        FreshProcessChecker checker =
                new FreshProcessChecker(ServerCommand.shell(StandInCommand.forRules(rules, record), dir));
        List<ProcessHandle> before = ProcessHandle.current().descendants().toList();

        Verdict proved = checker.check(task("by decide"), Duration.ofSeconds(20));
        Verdict sorry = checker.check(task("by cheat_tac"), Duration.ofSeconds(20));

        assertThat(proved).isInstanceOf(Verdict.Proved.class);
        assertThat(sorry).as("the pre-4.28 'sorry' spelling").isInstanceOfSatisfying(Verdict.Failed.class,
                failed -> assertThat(failed.reason()).contains("sorry"));
        Recorded received = Recorded.read(record);
        assertThat(received.methods()).filteredOn(m -> m.equals("initialize")).hasSize(2);
        assertThat(received.documentMethods()).containsExactly("textDocument/didOpen", "textDocument/didOpen");
        assertThat(received.methods()).filteredOn(m -> m.equals("shutdown") || m.equals("exit")).hasSize(4);
        List<ProcessHandle> spawned = ProcessHandle.current().descendants()
                .filter(p -> !before.contains(p)).toList();
        assertThat(ProcessTrees.stillRunning(spawned, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aServerThatCannotStartIsACrashNotAnException() {
        FreshProcessChecker checker =
                new FreshProcessChecker(ServerCommand.shell("echo 'lean: command not found' >&2; exit 127", dir));
        Verdict verdict = checker.check(task("by decide"), Duration.ofSeconds(20));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Crashed.class,
                crashed -> assertThat(crashed.reason()).contains("command not found").contains("127"));
    }

    @Test
    void policyRefusalStartsNoProcess() {
        FreshProcessChecker checker = new FreshProcessChecker(ServerCommand.shell("exit 1", dir));
        assertThat(checker.check(task("by sorry"), Duration.ofSeconds(20))).isInstanceOf(Verdict.Rejected.class);
    }

    private static CheckTask task(String proof) {
        return new CheckTask("import Mathlib", "t", "theorem t : True :=", proof);
    }
}
