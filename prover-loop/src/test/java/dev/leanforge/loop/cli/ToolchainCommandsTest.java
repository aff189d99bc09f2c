package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.bridge.toolchain.ToolchainLocator;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.TinySets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The set-up the main commands do themselves: installing the pinned toolchain when none is found (from a scripted
 * elan-init.sh, never the network), refusing to with --no-install, and warning when the Lean found is another
 * version. The "toolchain" installed is a script whose {@code lean --server} runs the scripted Lean stand-in (a test
 * double): nothing here shows anything about a real Lean or a real elan download.
 */
class ToolchainCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<StrictVertx> instances = new ArrayList<>();

    @AfterEach
    void noBlockedThreads() throws Exception {
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    private Path home() {
        return tmp.resolve("home");
    }

    private Path userElan() {
        return tmp.resolve("users-own-elan");
    }

    /** The machine: no Lean on PATH, the user's own ELAN_HOME set, and {@code extra}. */
    private Map<String, String> env(String... extra) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "");
        env.put("ELAN_HOME", userElan().toString());
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        return env;
    }

    private int run(Map<String, String> env, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == CampaignRunCommand.class) {
                    return type.cast(new CampaignRunCommand(() -> {
                        StrictVertx strict = StrictVertx.create();
                        instances.add(strict);
                        return strict.vertx();
                    }));
                }
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof LeanOptions lean) {
                    lean.locator = new ToolchainLocator(env, home());
                } else if (made instanceof TheoremsPrepareCommand prepare) {
                    prepare.lean.locator = new ToolchainLocator(env, home());
                } else if (made instanceof DoctorCommand doctor) {
                    doctor.locator = new ToolchainLocator(env, home());
                    doctor.sandbox.env = env;
                }
                return made;
            }
        };
        return LeanforgeCli.commandLine(factory).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    /** A {@code lean} that prints {@code version} for --version and otherwise runs the stand-in with these rules. */
    private String fakeLean(String version) {
        Path rules = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        return "#!/bin/sh\nif [ \"$1\" = \"--version\" ]; then echo 'Lean (version " + version
                + ", x86_64-unknown-linux-gnu, commit 0, Release)'; exit 0; fi\nexec "
                + StandInCommand.forRules(rules) + "\n";
    }

    /** elan-init.sh's stand-in: records its arguments, lays out a toolchain whose lean is {@link #fakeLean}. */
    private Path fakeElanInit(String version) throws IOException {
        Path lean = Files.writeString(tmp.resolve("lean-template"), fakeLean(version));
        return Files.writeString(tmp.resolve("elan-init.sh"), "#!/bin/sh\nset -e\n"
                + "echo \"$@\" > '" + tmp.resolve("init-args") + "'\n"
                + "while [ \"$1\" != \"--default-toolchain\" ]; do shift; done\n"
                + "dir=$(echo \"$2\" | sed -e 's|:|---|' -e 's|/|--|')\n"
                + "mkdir -p \"$ELAN_HOME/toolchains/$dir/bin\" \"$ELAN_HOME/bin\"\n"
                + "cp '" + lean + "' \"$ELAN_HOME/toolchains/$dir/bin/lean\"\n"
                + "cp '" + lean + "' \"$ELAN_HOME/bin/lean\"\n"
                + "chmod +x \"$ELAN_HOME/toolchains/$dir/bin/lean\" \"$ELAN_HOME/bin/lean\"\n");
    }

    private Path theorem() throws IOException {
        return Files.writeString(tmp.resolve("A.lean"), "theorem two : 2 + 2 = 4 := by decide\n");
    }

    @Test
    void checkInstallsThePinnedToolchainWhenNoneIsFoundAndThenUsesIt() throws IOException {
        Path init = fakeElanInit("4.24.0");

        int code = run(env("LEANFORGE_ELAN_INIT", init.toString()), "check", theorem().toString(), "--no-sandbox",
                "--project-dir", tmp.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("PROVED");
        Path elanHome = home().resolve(".cache/leanforge/elan");
        assertThat(err.toString()).contains("installing the pinned Lean toolchain leanprover/lean4:v4.24.0 into "
                + elanHome, "using elan's installer from " + init).doesNotContain("warning");
        assertThat(Files.readString(tmp.resolve("init-args")))
                .isEqualTo("-y --no-modify-path --default-toolchain leanprover/lean4:v4.24.0\n");
        assertThat(elanHome.resolve("toolchains/leanprover--lean4---v4.24.0/bin/lean")).isExecutable();
        assertThat(userElan()).doesNotExist();
        assertThat(home().resolve(".elan")).doesNotExist();

        Files.delete(init); // found now: a second run installs nothing
        assertThat(run(env("LEANFORGE_ELAN_INIT", init.toString()), "check", theorem().toString(), "--no-sandbox",
                "--project-dir", tmp.toString())).isZero();
        assertThat(err.toString()).doesNotContain("installing");
    }

    @Test
    void noInstallAndTheEnvironmentVariableRefuseToInstall() throws IOException {
        Path init = fakeElanInit("4.24.0");

        assertThat(run(env("LEANFORGE_ELAN_INIT", init.toString()), "check", theorem().toString(), "--no-install"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("No Lean 4 toolchain was found",
                "leanforge did not install leanprover/lean4:v4.24.0 (--no-install)",
                "--no-modify-path --default-toolchain leanprover/lean4:v4.24.0");

        assertThat(run(env("LEANFORGE_ELAN_INIT", init.toString(), "LEANFORGE_NO_INSTALL", "1"), "check",
                theorem().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("(LEANFORGE_NO_INSTALL is set)");

        assertThat(tmp.resolve("init-args")).doesNotExist();
        assertThat(home().resolve(".cache/leanforge/elan")).doesNotExist();
    }

    @Test
    void offlineTheInstallFailsWithExitTwoAndTheManualSteps() throws IOException {
        int code = run(env("LEANFORGE_ELAN_INIT", "http://127.0.0.1:1/elan-init.sh"), "check", theorem().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("downloading elan's installer http://127.0.0.1:1/elan-init.sh",
                "leanforge could not install Lean leanprover/lean4:v4.24.0: cannot download",
                "curl -sSfL https://elan.lean-lang.org/elan-init.sh -o elan-init.sh");
    }

    @Test
    void aCampaignWithAnotherLeanWarnsAndRecordsThePinnedAndTheFoundVersion() throws IOException {
        Path toolchain = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = Files.writeString(toolchain.resolve("lean"), fakeLean("4.19.0"));
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4"));
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "rules: []\ndefault: [by decide]\n");

        int code = run(env("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString()), "campaign", "run", "--set", "tiny",
                "--theorems-dir", tmp.resolve("theorems").toString(), "--policy", "scripted:" + policy,
                "--store", tmp.resolve("s.db").toString(), "--project-dir", tmp.toString(), "--no-sandbox",
                "--workers", "1", "--in-flight", "1", "--samples", "1", "--json");

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("warning: the Lean found (4.19.0, " + lean,
                "is not the pinned toolchain leanprover/lean4:v4.24.0 (the toolchain of set tiny's manifest.json)");
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.at("/settings/lean/lean-version").asText()).isEqualTo("4.19.0");
        assertThat(summary.at("/settings/lean/pinned-toolchain").asText()).isEqualTo("leanprover/lean4:v4.24.0");
    }

    @Test
    void doctorWarnsAboutAnotherVersionAndInstallsThePinnedOneOnRequest() throws IOException {
        Path toolchain = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = Files.writeString(toolchain.resolve("lean"), fakeLean("4.19.0"));
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path init = fakeElanInit("4.24.0");
        Map<String, String> env = env("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString(), "LEANFORGE_ELAN_INIT",
                init.toString());

        assertThat(run(env, "doctor", "--no-sandbox")).isZero();
        assertThat(out.toString()).contains("Pinned toolchain: leanprover/lean4:v4.24.0",
                "warning: the Lean found (4.19.0");
        assertThat(tmp.resolve("init-args")).doesNotExist();

        assertThat(run(env, "doctor", "--install", "--no-sandbox")).as(err.toString()).isZero();
        Path installed = home().resolve(".cache/leanforge/elan/toolchains/leanprover--lean4---v4.24.0");
        assertThat(installed.resolve("bin/lean")).isExecutable();
        assertThat(out.toString()).contains("export LEANFORGE_LEAN_HOME=" + installed);
        assertThat(userElan()).doesNotExist();
    }

    @Test
    void doctorInstallWithoutAnyLeanInstallsAndReportsIt() throws IOException {
        Path init = fakeElanInit("4.24.0");

        assertThat(run(env("LEANFORGE_ELAN_INIT", init.toString()), "doctor", "--install", "--no-sandbox"))
                .as(err.toString()).isZero();

        assertThat(out.toString()).contains("Lean toolchain found (via leanforge's elan", "version 4.24.0")
                .doesNotContain("warning");
        assertThat(err.toString()).contains("installing the pinned Lean toolchain");
    }

    /** A set needing Mathlib, as miniF2F is: one file importing Mathlib, one theorem. */
    private Path mathlibSet() throws IOException {
        Path set = Files.createDirectories(tmp.resolve("theorems/mset"));
        Files.writeString(set.resolve("Basic.lean"), "import Mathlib\n\ntheorem t_two : 2 + 2 = 4 := by sorry\n");
        Files.writeString(set.resolve("manifest.json"), """
                {"name": "mset", "description": "a Mathlib set", "source": "test", "license": "CC0-1.0",
                 "toolchain": "leanprover/lean4:v4.24.0", "mathlib": {"revision": "v4.24.0"},
                 "header": "import Mathlib", "files": ["Basic.lean"],
                 "theorems": [{"name": "t_two", "split": "valid"}]}
                """);
        return set.getParent();
    }

    /** A toolchain whose lake records "$PWD $@" and writes a lake manifest on update, and runs the stand-in on serve. */
    private Path fakeToolchainWithLake() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = Files.writeString(bin.resolve("lean"), fakeLean("4.24.0"));
        String serve = fakeLean("4.24.0").lines().filter(l -> l.startsWith("exec ")).findFirst().orElseThrow();
        Path lake = Files.writeString(bin.resolve("lake"), "#!/bin/sh\n"
                + "if [ \"$1\" = \"serve\" ]; then " + serve + "; fi\n"
                + "echo \"$PWD $*\" >> '" + tmp.resolve("lake-args") + "'\n"
                + "echo \"lake $1: done\"\n"
                + "if [ \"$1\" = \"update\" ]; then echo '{\"packages\": [{\"name\": \"mathlib\", \"rev\": \"v4.24.0\"}]}'"
                + " > lake-manifest.json; fi\n");
        for (Path p : List.of(lean, lake)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin.getParent();
    }

    @Test
    void prepareMakesTheLakeProjectOfAMathlibSetAndCampaignRunUsesIt() throws IOException {
        Path theorems = mathlibSet();
        Map<String, String> env = env("LEANFORGE_LEAN_HOME", fakeToolchainWithLake().toString());
        Path policy = Files.writeString(tmp.resolve("policy.yaml"), "rules: []\ndefault: [by decide]\n");
        String[] campaign = {"campaign", "run", "--set", "mset", "--theorems-dir", theorems.toString(),
            "--policy", "scripted:" + policy, "--store", tmp.resolve("s.db").toString(), "--no-sandbox",
            "--workers", "1", "--in-flight", "1", "--samples", "1", "--json"};

        assertThat(run(env, campaign)).as("before prepare").isEqualTo(2);
        assertThat(err.toString()).contains("set mset needs Mathlib v4.24.0", "is not a Lake project",
                "./leanforge theorems prepare --set mset");

        Path project = tmp.resolve("proj");
        int code = run(env, "theorems", "prepare", "--set", "mset", "--dir", theorems.toString(),
                "--project-dir", project.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(project.resolve("lean-toolchain"))).isEqualTo("leanprover/lean4:v4.24.0\n");
        assertThat(Files.readString(project.resolve("lakefile.toml")))
                .contains("name = \"mathlib\"", "git = \"https://github.com/leanprover-community/mathlib4\"",
                        "rev = \"v4.24.0\"");
        assertThat(Files.readAllLines(tmp.resolve("lake-args"))).containsExactly(
                project + " update", project + " exe cache get", project + " build");
        assertThat(err.toString()).contains("[1/3] lake update", "[2/3] lake exe cache get", "[3/3] lake build",
                "lake update: done");
        Path projects = home().resolve(".cache/leanforge/projects.json");
        JsonNode remembered = JSON.readTree(projects.toFile()).at("/projects/mset");
        assertThat(remembered.get("dir").asText()).isEqualTo(project.toString());
        assertThat(remembered.get("mathlib").asText()).isEqualTo("v4.24.0");
        assertThat(out.toString()).contains("ready in " + project, projects.toString());

        code = run(env, campaign);

        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString()).contains("using the Lake project prepared for it: " + project);
        JsonNode summary = JSON.readTree(out.toString());
        assertThat(summary.at("/settings/lean/mathlib-revision").asText()).isEqualTo("v4.24.0");
        assertThat(summary.get("solved").asInt()).isEqualTo(1);
    }

    @Test
    void prepareOfACoreSetSaysNoProjectIsNeeded() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", Map.of("t_two", ": 2 + 2 = 4"));

        assertThat(run(env(), "theorems", "prepare", "--set", "tiny", "--dir", tmp.resolve("theorems").toString()))
                .isZero();

        assertThat(out.toString()).contains("needs only core Lean: no Lake project is needed");
        assertThat(home().resolve(".cache/leanforge")).doesNotExist();
    }

    @Test
    void checkingAFileThatImportsMathlibOutsideALakeProjectSaysWhatToRun() throws IOException {
        Path file = Files.writeString(tmp.resolve("M.lean"), "import Mathlib\n\ntheorem t : 2 + 2 = 4 := by norm_num\n");
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        int code = run(env("LEANFORGE_LEAN_HOME", fakeToolchainWithLake().toString()), "check", file.toString(),
                "--project-dir", empty.toString(), "--no-sandbox");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("the file imports Mathlib, but " + empty + " is not a Lake project",
                "./leanforge theorems prepare --set SET", "--project-dir DIR");
    }
}
