package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.policy.openai.FakeCompletionsServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code campaign run --serve}: the dashboard in the campaign's own process gets its live progress. The policy is a
 * fake completions server that holds its first answer back until an event client is connected, so the client sees
 * every event; Lean is the scripted stand-in (a test double).
 */
class CampaignServeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("Dashboard with live progress at (http://\\S+/) while");

    @TempDir
    Path tmp;

    private final CountDownLatch clientConnected = new CountDownLatch(1);
    private FakeCompletionsServer server;

    @AfterEach
    void stop() {
        clientConnected.countDown();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEventClientOfTheCampaignsOwnDashboardReceivesEveryProgressEvent() throws Exception {
        server = FakeCompletionsServer.start(request -> {
            try {
                clientConnected.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CampaignOpenAiTest.prover(request);
        });
        List<String> args = new ArrayList<>(List.of("campaign", "run", "--serve", "0"));
        args.addAll(CampaignOpenAiTest.args(tmp, server.url()));
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread command = new Thread(() -> code.set(LeanforgeCli.commandLine() // the real Vert.x, instrumented
                .setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new))), "campaign-run");
        command.start();

        String url = dashboardUrl(err);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(URI.create(url + "api/events"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> stream.body().forEach(lines::add), "event-reader");
        reader.start();
        assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("retry: 3000");
        http.send(HttpRequest.newBuilder(URI.create(url + "api/status")).build(), HttpResponse.BodyHandlers.ofString());
        String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        clientConnected.countDown();
        command.join(Duration.ofSeconds(120).toMillis());
        reader.join(Duration.ofSeconds(30).toMillis()); // the stream ends when the command closes its Vert.x

        assertThat(command.isAlive()).isFalse();
        assertThat(code.get()).as(err.toString()).isZero();
        assertThat(metrics).as("Vert.x's own meters: the command's Vert.x is instrumented")
                .contains("vertx_http_server_requests_total{");
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("data: ")) {
                events.add(JSON.readTree(line.substring("data: ".length())));
            }
        }
        assertThat(events).extracting(e -> e.get("theoremsDone").asInt()).containsExactly(1, 2, 2);
        assertThat(events).extracting(e -> e.get("finished").asBoolean()).containsExactly(false, false, true);
        assertThat(events.get(2).get("solved").asInt()).isEqualTo(1);
        assertThat(events.get(2).get("set").asText()).isEqualTo("tiny");
        assertThat(lines).as("nothing but events").allMatch(line -> line.isEmpty() || line.startsWith("data: ")
                || line.equals("event: progress") || line.equals(": heartbeat"));
    }

    @Test
    void aTakenPortOrABadAddressExitsTwoBeforeAnythingIsSearched() throws Exception {
        server = FakeCompletionsServer.start(CampaignOpenAiTest::prover);
        List<StrictVertx> instances = new ArrayList<>();
        StringWriter err = new StringWriter();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new ArrayList<>(List.of("--serve", "127.0.0.1:" + taken.getLocalPort()));
            args.addAll(CampaignOpenAiTest.args(tmp, server.url()));

            assertThat(CampaignRunCommandTest.run(instances, new StringWriter(), err, args)).isEqualTo(2);
            assertThat(err.toString()).contains("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ",
                    "choose another with --serve.");
        }
        List<String> args = new ArrayList<>(List.of("--serve", "localhost:http"));
        args.addAll(CampaignOpenAiTest.args(tmp, server.url()));
        assertThat(CampaignRunCommandTest.run(instances, new StringWriter(), err, args)).isEqualTo(2);
        assertThat(err.toString()).contains("--serve takes [HOST:]PORT with PORT in 0..65535 (0 picks a free one), "
                + "e.g. 8080 or 0.0.0.0:8080; got \"localhost:http\"");
        assertThat(server.received()).isEmpty();
        CampaignRunCommandTest.assertNoBlockedThreads(instances);
    }

    private static String dashboardUrl(StringWriter err) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = URL.matcher(err.toString());
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no dashboard URL on stderr: " + err);
    }
}
