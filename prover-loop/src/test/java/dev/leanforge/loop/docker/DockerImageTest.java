package dev.leanforge.loop.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.BuildImageCmd;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

/**
 * The image of {@code docker/Dockerfile} with its real Lean: it is built from this checkout, started without network,
 * and the CLI is run in it — {@code doctor}, a {@code check} of a proved, a failed and a cheating proof, a short
 * campaign on core-logic with a scripted policy, and the ledger of that campaign exported and verified.
 * Skipped, with the reason, where no Docker engine is reachable; the first build fetches base images, Maven
 * dependencies and the toolchain, so it takes minutes.
 */
@Tag("docker")
class DockerImageTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String IMAGE = "leanforge:docker-test";
    private static final String CHECKS = "/tmp/checks/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String NO_DOCKER = "no Docker engine reachable (Testcontainers found none: DOCKER_HOST, "
            + "/var/run/docker.sock, ~/.testcontainers.properties); the image was not built and nothing ran in it";

    private static boolean dockerAvailable;
    private static GenericContainer<?> box;

    @BeforeAll
    static void buildTheImageAndStartAContainer() {
        // Without an engine every test is skipped in @BeforeEach, so each one shows the reason in the report.
        dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
        if (!dockerAvailable) {
            return;
        }
        ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false) {
            // The build context is the repository root (with its .dockerignore); docker-java takes the Dockerfile's
            // folder unless the base directory is set before the Dockerfile.
            @Override
            protected void configure(BuildImageCmd cmd) {
                cmd.withBaseDirectory(ROOT.toFile());
                super.configure(cmd);
            }
        }.withDockerfile(ROOT.resolve("docker/Dockerfile"));
        GenericContainer<?> container = new GenericContainer<>(image)
                .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("sleep", "infinity"))
                .withNetworkMode("none");
        for (String file : List.of("Proved.lean", "Failed.lean", "Cheat.lean")) {
            container.withCopyFileToContainer(MountableFile.forClasspathResource("docker/" + file), CHECKS + file);
        }
        container.withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("docker/example-policy.yaml")),
                CHECKS + "policy.yaml");
        container.start();
        box = container;
    }

    @BeforeEach
    void needsDocker() {
        assumeTrue(dockerAvailable, NO_DOCKER);
    }

    @AfterAll
    static void stop() {
        if (box != null) {
            box.stop();
        }
    }

    @Test
    void doctorReportsThePinnedToolchain() throws Exception {
        ExecResult doctor = leanforge("doctor");

        assertThat(doctor.getExitCode()).as(doctor.getStderr()).isZero();
        assertThat(doctor.getStdout()).contains("via LEANFORGE_LEAN_HOME")
                .contains("Lean (version " + defaultToolchainVersion());
    }

    @Test
    void checkGivesProvedFailedAndCatchesTheCheat() throws Exception {
        ExecResult check = leanforge("check", "--json", CHECKS + "Proved.lean", CHECKS + "Failed.lean",
                CHECKS + "Cheat.lean");

        assertThat(check.getExitCode()).as("not all proved: exit 1\n" + check.getStderr()).isEqualTo(1);
        Map<String, JsonNode> byTheorem = new HashMap<>();
        for (String line : check.getStdout().strip().split("\n")) {
            JsonNode verdict = JSON.readTree(line);
            byTheorem.put(verdict.get("theorem").asText(), verdict);
        }
        assertThat(byTheorem.get("docker_two_add_two").get("status").asText()).isEqualTo("PROVED");
        assertThat(byTheorem.get("docker_succ_ne").get("status").asText()).isEqualTo("FAILED");
        JsonNode cheat = byTheorem.get("docker_one_eq_two");
        assertThat(cheat.get("status").asText()).isEqualTo("FAILED");
        assertThat(cheat.get("reason").asText()).contains("cheat");
    }

    @Test
    void aShortCampaignRecordsProofsWhoseLedgerVerifies() throws Exception {
        long valid = SetReader.read(ROOT.resolve("theorems/core-logic")).theorems().stream()
                .filter(t -> t.split() == Split.VALID).count();

        ExecResult campaign = leanforge("campaign", "run", "--set", "core-logic", "--split", "valid",
                "--policy", "scripted:" + CHECKS + "policy.yaml", "--samples", "1", "--workers", "1",
                "--progress", "false", "--json");

        assertThat(campaign.getExitCode()).as(campaign.getStderr()).isZero();
        JsonNode summary = JSON.readTree(campaign.getStdout());
        assertThat(summary.get("theorems").asLong()).isEqualTo(valid);
        assertThat(summary.get("solved").asInt()).as("the two scripted reference proofs").isEqualTo(2);
        assertThat(summary.at("/verdicts/REJECTED").asLong()).as("sorry for the others").isEqualTo(valid - 2);

        ExecResult export = leanforge("ledger", "export", "--out", "runs/ledger.jsonl");
        assertThat(export.getExitCode()).as(export.getStderr()).isZero();
        ExecResult verify = leanforge("ledger", "verify", "runs/ledger.jsonl");
        assertThat(verify.getExitCode()).as(verify.getStdout() + verify.getStderr()).isZero();
        assertThat(verify.getStdout()).contains("2 of 2 ledger entries re-checked PROVED");
    }

    private static ExecResult leanforge(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "leanforge";
        System.arraycopy(args, 0, command, 1, args.length);
        return box.execInContainer(command);
    }

    /** "4.24.0" for the Dockerfile's default {@code ARG LEAN_TOOLCHAIN=leanprover/lean4:v4.24.0}. */
    private static String defaultToolchainVersion() throws IOException {
        Matcher m = Pattern.compile("(?m)^ARG LEAN_TOOLCHAIN=\\S+:v(\\S+)$")
                .matcher(Files.readString(ROOT.resolve("docker/Dockerfile")));
        assertThat(m.find()).as("ARG LEAN_TOOLCHAIN=…:vX in docker/Dockerfile").isTrue();
        return m.group(1);
    }
}
