package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.recorded.RecordedFixtures;
import dev.leanforge.bridge.recorded.RecordedFixtures.GuardedCommand;
import dev.leanforge.bridge.recorded.RecordedFixtures.ReplExchange;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.bridge.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The verdict core on real Lean diagnostics: every REPL recording (Lean v4.33.0-rc2 outputs) and
 * {@code lean4/warnSorry.lean}. A REPL command is laid out as a {@link CheckTask} (statement up to the first
 * {@code :=}, the rest as proof, empty header), and the REPL's positions are moved into that document.
 *
 * <p>The REPL never runs {@code #print axioms}, so these outputs contain no axioms answer. Where a test adds one,
 * it says so: that message is written from spec §7.2, not recorded.
 */
class RecordedDiagnosticsTest {

    /** One REPL command as it would be checked, with its real messages moved into the document. */
    private record Checked(CheckTask task, CheckedDocument doc, List<LeanMessage> messages, ReplExchange exchange) {
        Verdict verdict(LeanMessage... extra) {
            List<LeanMessage> all = new ArrayList<>(messages);
            all.addAll(List.of(extra));
            return Acceptance.decide(task, doc, all, Duration.ZERO);
        }

        Verdict.Failed failed() {
            Verdict v = verdict();
            assertThat(v).isInstanceOf(Verdict.Failed.class);
            return (Verdict.Failed) v;
        }

        PolicyResult policy() {
            return SourcePolicy.standard().check(task);
        }
    }

    private static Checked checked(ReplExchange x) {
        String cmd = x.cmd();
        int assign = cmd.indexOf(":=");
        String statement = cmd.substring(0, assign + 2);
        String proof = cmd.substring(assign + 2).stripLeading();
        String[] words = cmd.split("\\s+");
        String name = words[0].equals("example") ? "_example" : words[1];
        CheckTask task = new CheckTask("", name, statement, proof);
        CheckedDocument doc = CheckedDocument.of(task);
        assertThat(doc.text()).as("layout keeps the command's text and columns").contains(cmd);
        return new Checked(task, doc, x.messages(doc.declarationStartLine()), x);
    }

    private static List<Checked> commands(String name) {
        return RecordedFixtures.repl(name).stream().filter(ReplExchange::isCommand).map(RecordedDiagnosticsTest::checked)
                .toList();
    }

    private static PolicyResult.Rejected rejected(Checked c, String construct) {
        assertThat(c.policy()).isInstanceOf(PolicyResult.Rejected.class);
        PolicyResult.Rejected r = (PolicyResult.Rejected) c.policy();
        assertThat(r.construct()).isEqualTo(construct);
        return r;
    }

    private static void failsForSorryWarning(Checked c) {
        assertThat(c.messages()).anyMatch(m -> m.severity() == Severity.WARNING
                && DiagnosticKind.of(m.text()) == DiagnosticKind.SORRY_WARNING);
        assertThat(c.failed().reason()).isEqualTo("declaration uses sorry (line 3)");
        // Lean puts the warning on the declaration's name, in the trusted statement
        assertThat(c.doc().regionOf(c.messages().get(0))).isEqualTo(CheckedDocument.Region.STATEMENT);
    }

    @Test
    void everyReplRecordingIsCovered() {
        assertThat(RecordedFixtures.replNames()).containsExactlyInAnyOrder("app_type_mismatch", "file",
                "have_by_sorry", "incomplete", "invalid_tactic", "proof_branching", "proof_step", "readme",
                "root_goals", "self_proof_check", "sorry_hypotheses", "tactic_mode_sorry", "tactic_sorry",
                "term_sorry", "unfinished_tactic_block", "unknown_proof_state", "unknown_tactic");
    }

    /**
     * Across all recordings: a command Lean warned about {@code sorry} is one the policy already rejects, at the
     * very position where the REPL reports the sorry; no command is ever PROVED without an axioms answer.
     */
    @Test
    void sorryWarningsMatchPolicyPositionsEverywhere() {
        int warned = 0;
        for (String name : RecordedFixtures.replNames()) {
            for (ReplExchange x : RecordedFixtures.repl(name)) {
                if (!x.isCommand()) {
                    continue;
                }
                Checked c = checked(x);
                assertThat(c.verdict()).as(name).isInstanceOf(Verdict.Failed.class);
                boolean sorryWarning = c.messages().stream()
                        .anyMatch(m -> DiagnosticKind.of(m.text()) == DiagnosticKind.SORRY_WARNING);
                if (!sorryWarning || x.request().path("rootGoals").asBoolean()) {
                    continue;
                }
                warned++;
                PolicyResult.Rejected r = rejected(c, "sorry");
                var sorryPos = x.response().path("sorries").get(0).path("pos");
                int proofColumnOffset = r.position().line() == 1 ? c.doc().proofStartColumn() : 0;
                int cmdLine = r.position().line() + (c.doc().proofStartLine() - c.doc().declarationStartLine());
                assertThat(cmdLine).as(name).isEqualTo(sorryPos.path("line").asInt());
                assertThat(r.position().column() + proofColumnOffset).as(name)
                        .isEqualTo(sorryPos.path("column").asInt());
            }
        }
        assertThat(warned).isEqualTo(15);
    }

    @Test
    void appTypeMismatch() {
        List<Checked> cmds = commands("app_type_mismatch");
        Verdict.Failed kernel = cmds.get(0).failed();
        assertThat(DiagnosticKind.of(cmds.get(0).messages().get(0).text())).isEqualTo(DiagnosticKind.KERNEL);
        assertThat(kernel.reason()).isEqualTo("kernel rejected the declaration at line 3 (statement): "
                + "(kernel) declaration has metavariables '_example'");
        assertThat(cmds.get(0).policy()).isInstanceOf(PolicyResult.Allowed.class);

        failsForSorryWarning(cmds.get(1));
        assertThat(rejected(cmds.get(1), "sorry").position()).isEqualTo(new PolicyResult.Position(1, 0));
    }

    @Test
    void fileWithAnHonestProof() {
        Path lean = RecordedFixtures.root().resolve("repl").resolve("file.lean");
        String text = RecordedFixtures.read(lean);
        int decl = text.indexOf("theorem h");
        CheckTask task = new CheckTask(text.substring(0, decl).strip(), "h", "theorem h : f + g = 39 :=",
                text.substring(text.indexOf(":= by", decl) + 3).strip());
        CheckedDocument doc = CheckedDocument.of(task);
        ReplExchange x = RecordedFixtures.repl("file").get(0);
        assertThat(x.request().path("path").asText()).isEqualTo("test/file.lean");
        assertThat(x.response().has("messages")).as("Lean reported nothing for this file").isFalse();

        // The layout reproduces the file's own lines, so the recorded tactic position lands in the proof.
        var pos = x.response().path("tactics").get(0).path("pos");
        assertThat(doc.regionOf(pos.path("line").asInt() - 1, pos.path("column").asInt()))
                .isEqualTo(CheckedDocument.Region.PROOF);
        assertThat(SourcePolicy.standard().check(task)).isInstanceOf(PolicyResult.Allowed.class);

        // Clean diagnostics alone are not evidence: no axioms answer, no PROVED.
        Verdict none = Acceptance.decide(task, doc, List.of(), Duration.ZERO);
        assertThat(none).isInstanceOf(Verdict.Failed.class);
        assertThat(((Verdict.Failed) none).reason()).isEqualTo("no #print axioms answer for h on line 7");
        // With the answer Lean prints for a rfl proof (written from spec §7.2, not recorded) it is PROVED.
        LeanMessage answer = Diagnostics.at(Severity.INFORMATION, doc.axiomsLine(), 0,
                "'h' does not depend on any axioms");
        assertThat(Acceptance.decide(task, doc, List.of(answer), Duration.ZERO)).isInstanceOf(Verdict.Proved.class);
    }

    @Test
    void haveBySorryHasAnErrorButNoSorryWarning() {
        Checked c = commands("have_by_sorry").get(0);
        assertThat(c.messages()).noneMatch(m -> DiagnosticKind.of(m.text()) == DiagnosticKind.SORRY_WARNING);

        Verdict.Failed f = c.failed();
        assertThat(f.reason()).isEqualTo("unsolved goals at line 3 (proof)");
        assertThat(f.unsolvedGoals()).containsExactly(new Goal(Optional.empty(), List.of(
                new Goal.Hypothesis(List.of("x"), "Int"), new Goal.Hypothesis(List.of("h"), "x = 1")), "x = x"));
        // "no sorry warning" never means "no sorry": the scan finds it where the REPL reports it (line 2, col 23)
        assertThat(rejected(c, "sorry").position()).isEqualTo(new PolicyResult.Position(2, 23));

        failsForSorryWarning(commands("have_by_sorry").get(1));
    }

    @Test
    void incompleteProofsListTheirGoals() {
        List<Checked> cmds = commands("incomplete");
        Verdict.Failed single = cmds.get(0).failed();
        assertThat(single.reason()).isEqualTo("unsolved goals at line 3 (proof)");
        assertThat(single.unsolvedGoals()).extracting(Goal::target).containsExactly("Nat");
        assertThat(cmds.get(0).policy()).as("only Lean can see this").isInstanceOf(PolicyResult.Allowed.class);

        Verdict.Failed two = cmds.get(1).failed();
        assertThat(two.reason()).isEqualTo("unsolved goals at line 3 (proof) (+1 more errors)");
        assertThat(two.unsolvedGoals()).extracting(Goal::caseTag).containsExactly(Optional.of("neg"),
                Optional.of("pos"));
        assertThat(two.unsolvedGoals().get(0).hypotheses()).containsExactly(
                new Goal.Hypothesis(List.of("x"), "Bool"), new Goal.Hypothesis(List.of("h✝"), "¬x = true"));
        assertThat(two.messages()).hasSize(2);
    }

    @Test
    void invalidTacticUnknownIdentifier() {
        List<ReplExchange> all = RecordedFixtures.repl("invalid_tactic");
        failsForSorryWarning(checked(all.get(0)));
        LeanMessage unknown = all.get(1).messages(0).get(0);
        assertThat(unknown.isError()).isTrue();
        assertThat(DiagnosticKind.of(unknown.text())).isEqualTo(DiagnosticKind.UNKNOWN_IDENTIFIER);
        assertThat(all.get(1).response().path("proofStatus").asText()).isEqualTo("Incomplete: contains sorry");
    }

    @Test
    void tacticModeRecordingsFailOnTheirSorryCommand() {
        for (String name : List.of("proof_branching", "proof_step", "readme", "sorry_hypotheses",
                "tactic_mode_sorry", "tactic_sorry", "term_sorry", "unknown_proof_state", "unknown_tactic")) {
            List<Checked> cmds = commands(name);
            assertThat(cmds).as(name).hasSize(1);
            failsForSorryWarning(cmds.get(0));
        }
        assertThat(rejected(commands("term_sorry").get(0), "sorry").position())
                .isEqualTo(new PolicyResult.Position(1, 0));
        assertThat(rejected(commands("tactic_sorry").get(0), "sorry").position())
                .isEqualTo(new PolicyResult.Position(1, 3));

        String replError = RecordedFixtures.repl("unknown_tactic").get(1).response().path("message").asText();
        assertThat(DiagnosticKind.of(replError.substring(replError.lastIndexOf(": ") + 2)))
                .isEqualTo(DiagnosticKind.PARSE);
    }

    @Test
    void rootGoalsInfoIsNotAnErrorButTheSecondTheoremIsRejected() {
        Checked c = commands("root_goals").get(0);
        assertThat(c.messages()).singleElement().satisfies(m -> {
            assertThat(m.severity()).isEqualTo(Severity.INFORMATION);
            assertThat(DiagnosticKind.of(m.text())).isEqualTo(DiagnosticKind.OTHER);
        });
        assertThat(c.failed().reason()).isEqualTo("no #print axioms answer for _example on line 9");
        assertThat(rejected(c, "theorem").position()).isEqualTo(new PolicyResult.Position(5, 0));
    }

    @Test
    void selfProofCheckErrorIsInTheProof() {
        List<Checked> cmds = commands("self_proof_check");
        assertThat(cmds).hasSize(5);
        Checked exact = cmds.get(0);
        assertThat(exact.doc().regionOf(exact.messages().get(0))).isEqualTo(CheckedDocument.Region.PROOF);
        assertThat(exact.failed().reason()).isEqualTo("error at line 3 (proof): `exact?` could not close the goal. "
                + "Try `apply?` to see partial suggestions.");
        cmds.subList(1, 5).forEach(RecordedDiagnosticsTest::failsForSorryWarning);
    }

    @Test
    void unfinishedTacticBlock() {
        Checked c = commands("unfinished_tactic_block").get(0);
        assertThat(c.policy()).isInstanceOf(PolicyResult.Allowed.class);
        Verdict.Failed f = c.failed();
        assertThat(f.reason()).isEqualTo("unsolved goals at line 3 (proof)");
        assertThat(f.unsolvedGoals()).containsExactly(new Goal(Optional.empty(), List.of(), "Nat"));
    }

    /**
     * {@code warnSorry.lean} (Lean ≥ 4.28): its {@code #guard_msgs} blocks give the exact messages. With
     * {@code warn.sorry false} there is no warning at all, and a custom {@code elab} from trusted text passes the
     * scan, so only the axioms check is left; the {@code sorryAx} answer used for that is written from spec §7.2.
     */
    @Test
    void warnSorryFixture() {
        Path file = RecordedFixtures.root().resolve("lean4").resolve("warnSorry.lean");
        List<GuardedCommand> blocks = RecordedFixtures.guardedCommands(file);
        assertThat(blocks).hasSize(4);
        String elab = RecordedFixtures.read(file).lines().filter(l -> l.startsWith("elab ")).findFirst().orElseThrow();

        for (int k = 0; k < blocks.size(); k++) {
            GuardedCommand block = blocks.get(k);
            boolean hidden = block.command().startsWith("set_option warn.sorry false in");
            boolean synthetic = block.command().endsWith("synth_sorry");
            assertThat(hidden).isEqualTo(k % 2 == 1);
            assertThat(synthetic).isEqualTo(k >= 2);

            int assign = block.command().indexOf(":=");
            CheckTask task = new CheckTask(synthetic ? "import Lean\n\n" + elab : "import Lean", "_example",
                    block.command().substring(0, assign + 2), block.command().substring(assign + 2).strip());
            CheckedDocument doc = CheckedDocument.of(task);
            int exampleLine = doc.declarationStartLine() + (hidden ? 1 : 0);
            List<LeanMessage> messages = block.expectedMessages().stream()
                    .map(m -> Diagnostics.at(m.severity(), exampleLine, 0, m.text())).toList();

            if (hidden) {
                assertThat(messages).as("warn.sorry false: Lean prints nothing").isEmpty();
                LeanMessage sorryAx = Diagnostics.at(Severity.INFORMATION, doc.axiomsLine(), 0,
                        "'_example' depends on axioms: [sorryAx]");
                Verdict v = Acceptance.decide(task, doc, List.of(sorryAx), Duration.ZERO);
                assertThat(((Verdict.Failed) v).reason()).contains("sorryAx");
            } else {
                assertThat(messages).singleElement().satisfies(m -> {
                    assertThat(m.severity()).isEqualTo(Severity.WARNING);
                    assertThat(DiagnosticKind.of(m.text())).isEqualTo(DiagnosticKind.SORRY_WARNING);
                });
                Verdict v = Acceptance.decide(task, doc, messages, Duration.ZERO);
                assertThat(((Verdict.Failed) v).reason()).startsWith("declaration uses sorry");
            }
            PolicyResult policy = SourcePolicy.standard().check(task);
            if (synthetic) {
                assertThat(policy).as("synth_sorry is an ordinary identifier").isInstanceOf(PolicyResult.Allowed.class);
            } else {
                assertThat(((PolicyResult.Rejected) policy).construct()).isEqualTo("sorry");
            }
        }
    }
}
