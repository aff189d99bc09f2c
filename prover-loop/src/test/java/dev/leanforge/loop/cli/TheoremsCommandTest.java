package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.loop.theorems.validate.StatementElaborator;
import dev.leanforge.loop.theorems.validate.StatementElaborators;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TheoremsCommandTest {

    @TempDir
    Path tmp;

    private Path theorems;
    private StringWriter out;
    private StringWriter err;

    private static final String SOURCE = """
            -- demo: core Lean only

            /-- Implication is reflexive. -/
            theorem imp_self' (p : Prop) : p → p := by sorry

            theorem and_swap' (p q : Prop) : p ∧ q → q ∧ p := by
              sorry

            lemma or_swap' (p q : Prop) : p ∨ q → q ∨ p := sorry
            """;

    @BeforeEach
    void importDemoSet() throws IOException {
        theorems = tmp.resolve("theorems");
        Path source = tmp.resolve("src/Demo.lean");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE);
        assertThat(run("theorems", "import", "lean", source.toString(), "--set", "demo", "--dir", theorems.toString(),
                "--license", "MIT", "--toolchain", "leanprover/lean4:v4.24.0", "--split", "valid")).isZero();
        assertThat(out.toString()).contains("imported 3 theorems into " + theorems.resolve("demo"));
    }

    private int run(String... args) {
        return run(cli -> { }, args);
    }

    /** Runs the CLI with {@code setUp} applied to it first (to swap the validate command's Lean for a test double). */
    private int run(java.util.function.Consumer<CommandLine> setUp, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        setUp.accept(cli);
        return cli.execute(args);
    }

    private static TheoremsValidateCommand validate(CommandLine cli) {
        return cli.getSubcommands().get("theorems").getSubcommands().get("validate").getCommand();
    }

    @Test
    void listJsonGivesOneObjectPerTheoremWithWhatACheckNeeds() throws Exception {
        assertThat(run("theorems", "list", "--dir", theorems.toString(), "--json")).isZero();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).extracting(n -> n.get("name").asText()).containsExactly("imp_self'", "and_swap'", "or_swap'");
        JsonNode first = lines.get(0);
        assertThat(first.get("set").asText()).isEqualTo("demo");
        assertThat(first.get("split").asText()).isEqualTo("valid");
        assertThat(first.get("header").asText()).isEqualTo("-- demo: core Lean only");
        assertThat(first.get("statement").asText())
                .isEqualTo("/-- Implication is reflexive. -/\ntheorem imp_self' (p : Prop) : p → p :=");
        assertThat(first.get("placeholder").asText()).isEqualTo(" by sorry");
        assertThat(first.get("docstring").asText()).isEqualTo("Implication is reflexive.");
        assertThat(first.get("file").asText()).isEqualTo("Demo.lean");
        assertThat(first.get("line").asInt()).isEqualTo(3);
        assertThat(first.get("difficulty").isNull()).isTrue();
        assertThat(first.get("proofs").isEmpty()).isTrue();
        assertThat(first.get("toolchain").asText()).isEqualTo("leanprover/lean4:v4.24.0");
        assertThat(first.get("mathlib").isNull()).isTrue();
        assertThat(lines.get(1).get("placeholder").asText()).isEqualTo(" by\n  sorry");
    }

    @Test
    void theoremsDirIsTheSameOptionAsDirAsInCampaignAndStarRuns() {
        assertThat(run("theorems", "list", "--theorems-dir", theorems.toString(), "--set", "demo")).isZero();
        assertThat(out.toString()).contains("demo  imp_self'");
    }

    @Test
    void listFiltersBySplitAndPrintsATableForPeople() {
        assertThat(run("theorems", "list", "--dir", theorems.toString(), "--split", "train", "--json")).isZero();
        assertThat(out.toString()).isEmpty();

        assertThat(run("theorems", "list", "--dir", theorems.toString(), "--set", "demo")).isZero();
        assertThat(out.toString()).contains("SET   THEOREM", "demo  imp_self'", "3 theorems: 0 train, 3 valid, 0 test");

        assertThat(run("theorems", "list", "--dir", theorems.toString(), "--set", "nope")).isEqualTo(2);
        assertThat(err.toString()).contains("no set \"nope\"", "sets there: demo");
    }

    @Test
    void listReportsAnInvalidSetWithPositionsAndExitsOne() throws IOException {
        Path file = theorems.resolve("demo/Demo.lean");
        Files.writeString(file, Files.readString(file).replace("lemma or_swap'", "lemma or_swap2"));

        assertThat(run("theorems", "list", "--dir", theorems.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("invalid set " + theorems.resolve("demo"),
                file + ":9:1: theorem \"or_swap2\" has a `sorry` proof but is not listed");
    }

    @Test
    void refusedImportSaysWhereAndWritesNothing() throws IOException {
        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"name\": \"x\", \"split\": \"train\", \"header\": \"\", \"statement\": \"theorem y : True := sorry\"}\n");

        assertThat(run("theorems", "import", "minif2f-jsonl", bad.toString(), "--set", "bad", "--dir",
                theorems.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("import refused, nothing was written (1 problem):",
                bad + ":1:60: statement of \"x\" declares \"y\" instead");
        try (Stream<Path> sets = Files.list(theorems)) {
            assertThat(sets).containsExactly(theorems.resolve("demo"));
        }

        assertThat(run("theorems", "import", "csv", bad.toString(), "--set", "bad")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown format \"csv\"; the formats are minif2f-jsonl,"
                + " minicodeprops-jsonl, lean");
        assertThat(run("theorems", "import", "lean", bad.toString(), "--set", "../escape")).isEqualTo(2);
    }

    @Test
    void importOfAFileWithASyntaxErrorNamesWhereItIs() throws IOException {
        Path broken = tmp.resolve("Broken.lean");
        Files.writeString(broken, "-- a bracket left open\ntheorem broken (n : Nat : n = n := by sorry\n");

        assertThat(run("theorems", "import", "lean", broken.toString(), "--set", "broken", "--dir",
                theorems.toString(), "--license", "MIT", "--toolchain", "leanprover/lean4:v4.24.0")).isEqualTo(1);
        assertThat(err.toString()).contains(broken + ":2:16: `(` is never closed, so `theorem broken` has no `:=`")
                .doesNotContain("no theorem or lemma whose proof is just");
        assertThat(theorems.resolve("broken")).doesNotExist();
    }

    @Test
    void importOfASourceThatIsNotThereIsAUsageErrorAsItsHelpSays() {
        Path missing = tmp.resolve("missing.jsonl");

        assertThat(run("theorems", "import", "minif2f-jsonl", missing.toString(), "--set", "x", "--dir",
                theorems.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(missing + ": no such file or folder, or not readable")
                .doesNotContain("Exception");
    }

    @Test
    void splitIsDeterministicAndRewritesOnlyTheSplits() throws IOException {
        Path manifest = theorems.resolve("demo/manifest.json");
        String[] args = {"theorems", "split", "--dir", theorems.toString(), "--set", "demo", "--seed", "11",
            "--ratios", "0.34,0.33,0.33"};
        assertThat(run(args)).isZero();
        assertThat(out.toString()).contains("1 train, 1 valid, 1 test (seed 11");
        String first = Files.readString(manifest);

        assertThat(run("theorems", "split", "--dir", theorems.toString(), "--set", "demo", "--seed", "12",
                "--ratios", "1,0,0")).isZero();
        assertThat(run(args)).isZero();
        assertThat(Files.readString(manifest)).isEqualTo(first);
        assertThat(first).contains("\"license\": \"MIT\"", "\"name\": \"or_swap'\"");

        assertThat(run("theorems", "split", "--dir", theorems.toString(), "--set", "demo", "--seed", "1",
                "--ratios", "0.5,0.5")).isEqualTo(2);
        assertThat(err.toString()).contains("--ratios: ratios must be three numbers");
    }

    @Test
    void aSetNameThatIsAPathIsAUsageErrorAndReadsOrWritesNothingThere() throws IOException {
        // A valid set named demo outside --dir: a path could reach it, a set name must not.
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/demo"));
        try (Stream<Path> files = Files.list(theorems.resolve("demo"))) {
            for (Path file : files.toList()) {
                Files.copy(file, elsewhere.resolve(file.getFileName()));
            }
        }
        String manifest = Files.readString(elsewhere.resolve("manifest.json"));
        String escape = "../elsewhere/demo";
        List<List<String>> commands = List.of(
                List.of("list", "--set", escape),
                List.of("validate", "--set", escape),
                List.of("split", "--set", escape, "--seed", "1", "--ratios", "0,0,1"),
                List.of("import", "lean", elsewhere.resolve("Demo.lean").toString(), "--set", escape));

        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(List.of("theorems"));
            args.addAll(command);
            args.addAll(List.of("--dir", theorems.toString()));

            assertThat(run(args.toArray(String[]::new))).as(command.toString()).isEqualTo(2);
            assertThat(err.toString()).as(command.toString()).isEqualTo("--set: \"" + escape + "\" is not a set name:"
                    + " use letters, digits, '.', '_' and '-', starting with a letter or digit\n");
            assertThat(out.toString()).as(command.toString()).isEmpty();
        }
        assertThat(Files.readString(elsewhere.resolve("manifest.json"))).isEqualTo(manifest);
    }

    @Test
    void aLeanFileLinkedFromOutsideTheSetIsRefusedAndItsBytesAreNotShown() throws IOException {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "SECRET-BYTES that are not the header\n");
        Path file = theorems.resolve("demo/Demo.lean");
        Files.delete(file);
        Files.createSymbolicLink(file, secret);

        assertThat(run("theorems", "list", "--dir", theorems.toString(), "--set", "demo")).isEqualTo(1);

        assertThat(err.toString()).contains(file + ": a link that leads outside the set's folder")
                .doesNotContain("SECRET");
    }

    @Test
    void validateWithoutLeanGivesDoctorsAdviceAndExitsTwo() {
        int code = run(cli -> validate(cli).lean.locator = new ToolchainLocator(Map.of("PATH", tmp.toString(),
                        "LEANFORGE_NO_INSTALL", "1"), tmp),
                "theorems", "validate", "--dir", theorems.toString(), "--set", "demo");

        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("3 theorems; manifest, files and reference proofs agree");
        assertThat(err.toString()).startsWith(ToolchainLocator.INSTALL_HINT + "\nleanforge did not install "
                + "leanprover/lean4:v4.24.0 (LEANFORGE_NO_INSTALL is set).\n");
    }

    @Test
    void validateSaysWhenTheLeanFoundCannotBeStarted() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = bin.resolve("lean");
        Files.writeString(lean, "#!/bin/sh\necho 'Lean (version 4.24.0)'\n");
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));

        int code = run(cli -> validate(cli).lean.locator =
                        new ToolchainLocator(Map.of("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString()), tmp),
                "theorems", "validate", "--dir", theorems.toString(), "--set", "demo", "--project-dir", tmp.toString(),
                "--no-sandbox"); // the message names the command; whether this machine has bwrap is beside the point

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Lean could not be started with " + lean + " --server", "leanforge doctor");
    }

    @Test
    void validateRunsEveryStatementThroughTheBridgeAgainstTheStandIn() {
        // The scripted stand-in (a test double, not Lean) answers the sorry warning for every statement, and an
        // error for and_swap'.
        Path rules = StandInRules.create()
                .rule(r -> r.match("theorem and_swap'").sorry().axioms("sorryAx")
                        .message(Message.error("unknown identifier 'q'").at("q ∧ p")))
                .otherwise(r -> r.sorry().axioms("sorryAx"))
                .writeTo(tmp);

        int code = run("theorems", "validate", "--dir", theorems.toString(), "--set", "demo", "--server-cmd",
                StandInCommand.forRules(rules), "--project-dir", tmp.toString());

        assertThat(code).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains(
                theorems.resolve("demo/Demo.lean") + ":6:42: and_swap': error: unknown identifier 'q'",
                "validated 3 statements with Lean: 2 elaborate, 1 failed");
    }

    @Test
    void validateReportsEachFailingStatementWithLeansMessage() {
        List<ServerCommand> started = new ArrayList<>();
        StatementElaborators scripted = (command, timeout, workers) -> {
            started.add(command);
            return new StatementElaborator() {
                @Override
                public CompletableFuture<Outcome> elaborate(dev.leanforge.bridge.check.CheckTask task) {
                    // The header is one line, so the statement starts on line 3 of the checked document.
                    LeanMessage sorry = new LeanMessage(Severity.WARNING, 3, 8, 3, 9, "declaration uses `sorry`");
                    List<LeanMessage> messages = task.theoremName().equals("and_swap'")
                            ? List.of(sorry, new LeanMessage(Severity.ERROR, 3, 42, 3, 43, "unknown identifier 'q'"))
                            : List.of(sorry);
                    return CompletableFuture.completedFuture(new Elaborated(messages));
                }

                @Override
                public void close() {
                }
            };
        };

        int code = run(cli -> {
            validate(cli).elaborators = scripted;
            validate(cli).progressEvery = Duration.ZERO;
        }, "theorems", "validate", "--dir", theorems.toString(), "--set", "demo", "--server-cmd", "my-lean --server",
                "--project-dir", tmp.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).as("progress while it runs, not after the last")
                .contains("validated 1 of 3 statements (0 failed)", "validated 2 of 3 statements (1 failed)")
                .doesNotContain("validated 3 of 3");
        assertThat(started).singleElement().extracting(ServerCommand::argv)
                .isEqualTo(List.of("sh", "-c", "my-lean --server"));
        assertThat(out.toString()).contains(theorems.resolve("demo/Demo.lean") + ":6:43: and_swap': error: unknown"
                + " identifier 'q'", "validated 3 statements with Lean: 2 elaborate, 1 failed");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("theorems", "--help")).isZero();
        assertThat(out.toString()).contains("list", "import", "validate", "split", "docs/theorem-sets.md");
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("theorems");
    }
}
