package dev.leanforge.loop.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.leanforge.loop.cli.LeanforgeCli;
import dev.leanforge.loop.theorems.Manifest;
import dev.leanforge.loop.theorems.SetReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the Docker and CI files without a Docker engine: every file the Dockerfile copies from the
 * build context exists, and the image, compose, CI and the core theorem sets pin the toolchain leanforge is tested
 * against.
 */
class DockerFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyFileTheDockerfileCopiesFromTheContextExists() throws IOException {
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve("docker/Dockerfile"))) {
            List<String> words = Arrays.asList(line.strip().split("\\s+"));
            if (words.get(0).equals("COPY") && words.stream().noneMatch(w -> w.startsWith("--from="))) {
                words.subList(1, words.size() - 1).stream().filter(w -> !w.startsWith("--")).forEach(sources::add);
            }
        }

        assertThat(sources).contains("mvnw", "leanforge", "docker/lean-sandbox.sh", "theorems");
        assertThat(sources).allSatisfy(source -> assertThat(ROOT.resolve(source)).as(source).exists());
        assertThat(ROOT.resolve(".dockerignore")).content().doesNotContain("\ntheorems\n", "\nexamples\n");
    }

    @Test
    void imageComposeCiAndCoreSetsPinOneToolchain() throws Exception {
        String image = find("docker/Dockerfile", "(?m)^ARG LEAN_TOOLCHAIN=(\\S+)$");

        assertThat(image).as("the version leanforge is tested against").isEqualTo(Manifest.DEFAULT_TOOLCHAIN);
        assertThat(find("docker/compose.yaml", "LEAN_TOOLCHAIN: \\$\\{LEAN_TOOLCHAIN:-(\\S+)}")).isEqualTo(image);
        assertThat(find(".github/workflows/ci.yml", "(?m)^  LEAN_TOOLCHAIN: (\\S+)$")).isEqualTo(image);
        assertThat(find(".github/workflows/ci.yml", "(?m)^      toolchain: (\\S+)$")).isEqualTo(image);
        assertThat(find(".github/workflows/ledger-verify.yml", "(?m)^        default: (leanprover/\\S+)$"))
                .isEqualTo(image);
        for (String set : List.of("core-logic", "core-nat", "core-list")) {
            assertThat(SetReader.read(ROOT.resolve("theorems").resolve(set)).manifest().toolchain()).as(set)
                    .isEqualTo(image);
        }
    }

    /**
     * The Kubernetes example's containers run leanforge command lines that parse (no option renamed or misspelt), and
     * its NetworkPolicy opens the ports those commands use: Hazelcast's and the event bus's.
     */
    @Test
    void kubernetesExampleRunsCommandLinesThatParseOnThePortsItsNetworkPolicyOpens() throws IOException {
        List<JsonNode> documents = YAML.readerFor(JsonNode.class)
                .<JsonNode>readValues(ROOT.resolve("docker/kubernetes/leanforge-workers.yaml").toFile()).readAll();
        List<List<String>> commandLines = new ArrayList<>();
        Set<Integer> opened = new TreeSet<>();
        for (var document : documents) {
            for (var container : document.findValues("containers")) {
                for (var c : container) {
                    List<String> args = new ArrayList<>();
                    // the downward API's $(VAR), as Kubernetes expands it
                    c.path("args").forEach(a -> args.add(a.asText().replaceAll("\\$\\([A-Z_]+\\)", "x1")));
                    commandLines.add(args);
                }
            }
            if (document.path("kind").asText().equals("NetworkPolicy")) {
                document.path("spec").path("ingress").forEach(rule -> rule.path("ports")
                        .forEach(port -> opened.add(port.path("port").asInt())));
            }
        }
        assertThat(commandLines).extracting(args -> args.get(0)).containsExactly("worker", "campaign");
        for (List<String> args : commandLines) {
            var parsed = LeanforgeCli.commandLine().parseArgs(args.toArray(String[]::new));
            var command = parsed.subcommand().subcommand() != null ? parsed.subcommand().subcommand()
                    : parsed.subcommand();
            assertThat(opened).as("ports opened for %s", args).contains(
                    command.matchedOptionValue("--cluster-port", 5701),
                    command.matchedOptionValue("--cluster-bus-port", 0));
        }
    }

    /** The compose cluster's services run leanforge command lines that parse. */
    @Test
    void composeClusterRunsCommandLinesThatParse() throws IOException {
        JsonNode compose = YAML.readTree(ROOT.resolve("docker/compose.cluster.yaml").toFile());
        List<String> services = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(service -> {
            String shell = service.getValue().path("command").get(0).asText();
            assertThat(shell).as(service.getKey()).startsWith("exec leanforge ");
            // "$$(hostname -i …)" is one word for the shell: the container's address
            String line = shell.substring("exec leanforge ".length()).replaceAll("\"\\$\\$\\([^\"]*\"", "x1");
            LeanforgeCli.commandLine().parseArgs(line.strip().split("\\s+"));
            services.add(service.getKey());
        });
        assertThat(services).containsExactlyInAnyOrder("worker", "coordinator");
    }

    private static String find(String file, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(Files.readString(ROOT.resolve(file)));
        assertThat(m.find()).as(file + " has " + regex).isTrue();
        return m.group(1);
    }

    /**
     * Arguments after a service in {@code docker compose run --rm SERVICE ARGS} replace its whole {@code command}, the
     * arguments of the leanforge CLI: so in every such example of the compose file's comments, the README and
     * docs/docker.md, ARGS start with a leanforge command ({@code campaign run …}), never with an option.
     */
    @Test
    void composeRunExamplesPassAWholeLeanforgeCommandLine() throws IOException {
        java.util.Set<String> commands = LeanforgeCli.commandLine().getSubcommands().keySet();
        java.util.regex.Pattern example = java.util.regex.Pattern.compile(
                "^[#\\s]*docker compose -f docker/compose\\.yaml (?:--profile \\S+ )?run --rm (\\S+)"
                        + "((?: [^#\\s]\\S*)*)");
        int seen = 0;
        for (String file : java.util.List.of("docker/compose.yaml", "README.md", "docs/docker.md")) {
            for (String line : Files.readAllLines(ROOT.resolve(file))) {
                java.util.regex.Matcher m = example.matcher(line);
                if (!m.find()) {
                    continue;
                }
                seen++;
                String args = m.group(2).strip();
                if (!args.isEmpty() && !m.group(1).equals("campaign-sandboxed")) {
                    String first = args.split(" ")[0];
                    assertThat(commands).as(file + ": " + line.strip()).contains(first);
                }
            }
        }
        assertThat(seen).isGreaterThanOrEqualTo(5);
    }
}
