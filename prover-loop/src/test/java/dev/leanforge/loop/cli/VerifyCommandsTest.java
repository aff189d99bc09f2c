package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check --jsonl} and {@code verify-server} end to end, with the scripted Lean stand-in (a test double). */
class VerifyCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private String standIn() {
        Path rules = StandInRules.create()
                .rule(r -> r.match("theorem first").delayMs(1_500).axioms())
                .rule(r -> r.match("by decide").axioms())
                .rule(r -> r.match("\\bsimp\\b").error("unsolved goals", "simp").axioms())
                .writeTo(tmp);
        return StandInCommand.forRules(rules);
    }

    private CommandLine leanforge() {
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }

    private static String line(String idKey, Object id, String codeKey, String code) throws Exception {
        return JSON.writeValueAsString(java.util.Map.of(idKey, id, codeKey, code));
    }

    @Test
    void jsonlVerdictsComeInInputOrderWithTheirOwnIdKeysAndValues() throws Exception {
        // The first snippet takes longest, so with two workers it finishes last: the output still starts with it.
        Path batch = Files.writeString(tmp.resolve("batch.jsonl"), String.join("\n",
                line("custom_id", "slow-1", "proof", "theorem first : True := by trivial\n"),
                line("id", 2, "code", "theorem two : 2 + 2 = 4 := by decide\n"),
                "",
                line("custom_id", "s", "proof", "theorem cheat : 1 = 2 := by sorry\n"),
                line("id", "f", "code", "theorem zero (n : Nat) : n + 0 = n := by simp\n"),
                line("custom_id", "e", "proof", "#eval 1\n")) + "\n");

        int code = leanforge().execute("check", "--jsonl", batch.toString(), "--server-cmd", standIn(),
                "--project-dir", tmp.toString());

        assertThat(code).as(err.toString()).isEqualTo(1);
        List<JsonNode> results = new ArrayList<>();
        for (String l : out.toString().strip().split("\n")) {
            results.add(JSON.readTree(l));
        }
        assertThat(results).hasSize(5);
        assertThat(results.get(0).get("custom_id").asText()).isEqualTo("slow-1");
        assertThat(results.get(1).get("id").isInt()).as("a numeric id stays a number").isTrue();
        assertThat(results.get(1).get("id").asInt()).isEqualTo(2);
        assertThat(results.get(2).get("custom_id").asText()).isEqualTo("s");
        assertThat(results.get(3).get("id").asText()).isEqualTo("f");
        assertThat(results.get(4).get("custom_id").asText()).isEqualTo("e");
        assertThat(results).extracting(r -> r.get("status").asText())
                .containsExactly("PROVED", "PROVED", "REJECTED", "FAILED", "REJECTED");
        assertThat(results.get(0).get("theorem").asText()).isEqualTo("first");
        assertThat(results.get(4).get("theorem").isNull()).isTrue();
        assertThat(results.get(4).get("reason").asText()).contains("no theorem");
    }

    @Test
    void badJsonlLinesAreReportedWithFileAndLineAndNothingRuns() throws Exception {
        Path batch = Files.writeString(tmp.resolve("bad.jsonl"), String.join("\n",
                line("custom_id", "ok", "proof", "theorem two : 2 + 2 = 4 := by decide\n"),
                "{not json",
                "{\"proof\": \"theorem t : True := trivial\"}",
                "{\"custom_id\": \"x\", \"code\": 3}") + "\n");

        int code = leanforge().execute("check", "--jsonl", batch.toString(), "--server-cmd", "exit 7");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains(batch + ":2: not JSON", batch + ":3: no \"custom_id\" or \"id\"",
                batch + ":4: no \"proof\" or \"code\" string", "nothing was checked").doesNotContain(batch + ":1:");
        assertThat(out.toString()).isEmpty();
        assertThat(leanforge().execute("check", "--jsonl", batch.toString(), "A.lean")).isEqualTo(2);
        assertThat(err.toString()).contains("give no FILE.lean");
    }

    @Test
    void verifyServerServesUntilStoppedAndRefusesAMissingToken() throws Exception {
        assertThat(leanforge().execute("verify-server", "--token-env", "LEANFORGE_TEST_NO_SUCH_VAR", "--server-cmd",
                standIn(), "--project-dir", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("LEANFORGE_TEST_NO_SUCH_VAR is not set or empty");
        assertThat(leanforge().execute("verify-server", "--workers", "1", "--queue", "2", "--max-batch", "8",
                "--server-cmd", "exit 7")).isEqualTo(2);
        assertThat(err.toString()).contains("a full batch could never be admitted");

        CommandLine cli = leanforge();
        VerifyServerCommand server = cli.getSubcommands().get("verify-server").getCommand();
        server.environment = name -> name.equals("VERIFY_TOKEN") ? "t0ken" : null;
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("verify-server",
                "--port", "0", "--workers", "1", "--token-env", "VERIFY_TOKEN", "--server-cmd", standIn(),
                "--project-dir", tmp.toString()));
        for (int i = 0; i < 6000 && server.verticle == null && !exit.isDone(); i++) {
            Thread.sleep(10); // a safety net, not a timing assertion: the pool's first start takes a while
        }
        assertThat(server.verticle).as(err.toString()).isNotNull();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.verticle.url() + "/api/check"))
                .header("Authorization", "Bearer t0ken")
                .POST(HttpRequest.BodyPublishers.ofString("{\"snippets\": [{\"id\": \"a\", \"code\": "
                        + "\"theorem two : 2 + 2 = 4 := by decide\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
        server.stopRequested.complete(null);

        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("results").get(0).get("leanforge").get("status").asText())
                .isEqualTo("PROVED");
        assertThat(out.toString()).contains("Serving the leanforge verification API", "token required",
                "leanforge verify-server stopped.");
    }
}
