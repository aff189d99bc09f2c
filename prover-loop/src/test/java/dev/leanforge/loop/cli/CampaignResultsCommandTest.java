package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.StandInCommand;
import dev.leanforge.bridge.standin.StandInRules;
import dev.leanforge.loop.app.StrictVertx;
import dev.leanforge.loop.campaign.TinySets;
import dev.leanforge.loop.http.DashboardData;
import dev.leanforge.loop.proof.CampaignSpec;
import dev.leanforge.loop.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code leanforge campaign list | show | export} on a store that a stand-in campaign filled (the scripted Lean
 * stand-in, a test double, as Lean), and on the dashboard tests' store.
 */
class CampaignResultsCommandTest {

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

    private int campaign(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> argv = new ArrayList<>(List.of("campaign"));
        argv.addAll(List.of(args));
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(argv.toArray(String[]::new));
    }

    /**
     * A finished campaign over set tiny: t_two fails with {@code by simp}, then is proved with {@code by decide};
     * t_hard fails twice. Returns the store.
     */
    private Path standInCampaign() throws IOException {
        TinySets.write(tmp.resolve("theorems"), "tiny", new LinkedHashMap<>() {{
                put("t_two", ": 2 + 2 = 4");
                put("t_hard", ": 1 = 2");
            }});
        Path standIn = StandInRules.create().rule(r -> r.match("by decide").axioms()).writeTo(tmp);
        Path rules = Files.writeString(tmp.resolve("policy.yaml"), """
                rules:
                  - match: 'theorem t_two\\b'
                    completions: [by simp, by decide]
                default: [by simp]
                """);
        Path store = tmp.resolve("s.db");
        StringWriter runOut = new StringWriter();
        int code = CampaignRunCommandTest.run(instances, runOut, err, List.of("--set", "tiny", "--theorems-dir",
                tmp.resolve("theorems").toString(), "--policy", "scripted:" + rules, "--samples", "2", "--store",
                store.toString(), "--server-cmd", StandInCommand.forRules(standIn), "--project-dir", tmp.toString(),
                "--lean-version", "stand-in", "--workers", "1", "--in-flight", "1", "--progress", "false"));
        assertThat(code).as(err.toString()).isZero();
        return store;
    }

    @Test
    void listShowsEveryCampaignWithItsPolicyStrategyStatusAndCounts() {
        Path store = DashboardData.write(tmp.resolve("d.db"));

        assertThat(campaign("list", "--store", store.toString())).as(err.toString()).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("SET", "POLICY", "STRATEGY", "STATUS", "PROVED/ATTEMPTED",
                "STARTED");
        assertThat(lines.get(1)).startsWith("1 ").contains("core-nat", "train", "scripted", "sample", "FINISHED",
                "1/3");
        assertThat(lines.get(2)).startsWith("2 ").contains("core-list", "ckpt-1", "best-first", "RUNNING", "0/1");
    }

    @Test
    void listNamesTheStarRoundPhaseAndCheckpointOfARunsCampaigns() throws Exception {
        Path file = tmp.resolve("star.db");
        try (Store store = Store.open(file)) {
            long round = store.openRound("star-x", 2).id();
            store.createCampaign(new CampaignSpec("core-logic", Optional.of("train"), "sample",
                    "model:/home/me/runs/star/star-x/round-1/dpo", "{}", Optional.of(round)));
            store.createCampaign(new CampaignSpec("core-logic", Optional.of("valid"), "sample",
                    "model:/home/me/runs/star/star-x/round-2/sft", "{}", Optional.of(round)));
        }

        assertThat(campaign("list", "--store", file.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("star-x round 2 search, round-1/dpo")
                .contains("star-x round 2 evaluation, round-2/sft");

        assertThat(campaign("list", "--store", file.toString(), "--json")).isZero();
        JsonNode first = JSON.readTree(out.toString().lines().findFirst().orElseThrow());
        assertThat(first.at("/origin/run").asText()).isEqualTo("star-x");
        assertThat(first.at("/origin/round").asInt()).isEqualTo(2);
        assertThat(first.at("/origin/phase").asText()).isEqualTo("search");
        assertThat(first.at("/origin/checkpoint").asText()).isEqualTo("round-1/dpo");
    }

    @Test
    void showGivesSettingsVerdictCountsPassAtKAndTimings() throws Exception {
        Path store = standInCampaign();

        assertThat(campaign("show", "1", "--store", store.toString(), "--theorems-dir",
                tmp.resolve("theorems").toString())).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("campaign 1: set tiny, split all, strategy sample, FINISHED")
                .contains("samples=2")
                .contains("theorems proved 1 of 2 attempted")
                .contains("attempts 4: PROVED 1, FAILED 3, REJECTED 0, TIMEOUT 0, CRASHED 0")
                .contains("pass@1 0.0000 over 2 theorems; pass@2 0.5000 over 2 theorems")
                .contains("time: started ");

        assertThat(campaign("show", "1", "--store", store.toString(), "--json")).isZero();
        JsonNode shown = JSON.readTree(out.toString());
        assertThat(shown.at("/verdicts/FAILED").asInt()).isEqualTo(3);
        assertThat(shown.at("/settings/budget/samples").asInt()).isEqualTo(2);
        assertThat(shown.at("/passAtK/1/value").asDouble()).isEqualTo(0.5);
        assertThat(shown.at("/time/checkSeconds").asDouble()).isPositive();
    }

    @Test
    void anUnknownIdExitsTwoNamingTheIdsThatExist() {
        Path store = DashboardData.write(tmp.resolve("d.db"));

        assertThat(campaign("show", "99", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no campaign 99 in", "campaigns there: 1, 2");

        assertThat(campaign("export", "7", "--format", "jsonl", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no campaign 7 in", "campaigns there: 1, 2");

        assertThat(campaign("list", "--store", tmp.resolve("none.db").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("No store at");
        assertThat(Files.exists(tmp.resolve("none.db"))).isFalse();
    }

    @Test
    void exportTrlWritesTheRecordsAStarRoundTrainsOn() throws Exception {
        Path store = standInCampaign();
        Path dir = tmp.resolve("trl");

        assertThat(campaign("export", "1", "--format", "trl", "--out", dir.toString(), "--store", store.toString(),
                "--theorems-dir", tmp.resolve("theorems").toString())).as(err.toString()).isZero();

        List<String> sft = Files.readAllLines(dir.resolve("sft.jsonl"));
        assertThat(sft).singleElement().satisfies(line -> {
            JsonNode record = JSON.readTree(line);
            assertThat(record.get("prompt").asText()).contains("theorem t_two");
            assertThat(record.get("completion").asText()).contains("by decide");
        });
        List<String> dpo = Files.readAllLines(dir.resolve("dpo.jsonl"));
        assertThat(dpo).singleElement().satisfies(line -> {
            JsonNode record = JSON.readTree(line);
            assertThat(record.get("chosen").asText()).contains("by decide");
            assertThat(record.get("rejected").asText()).contains("by simp");
        });
        assertThat(err.toString()).contains("Exported 1 SFT records (1 solved theorems) and 1 preference pairs");

        assertThat(campaign("export", "1", "--format", "trl-sft", "--store", store.toString(), "--theorems-dir",
                tmp.resolve("theorems").toString())).isZero();
        assertThat(out.toString()).isEqualTo(sft.get(0) + "\n");

        assertThat(campaign("export", "1", "--format", "trl", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give --out DIR");
    }

    @Test
    void exportLedgerAndJsonl() throws Exception {
        Path store = standInCampaign();

        Path ledger = tmp.resolve("ledger.jsonl");
        assertThat(campaign("export", "1", "--format", "ledger", "--out", ledger.toString(), "--store",
                store.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllLines(ledger)).singleElement().satisfies(line -> {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.get("theorem").asText()).isEqualTo("t_two");
            assertThat(entry.get("tier").asText()).isEqualTo("fresh");
        });

        assertThat(campaign("export", "1", "--format", "jsonl", "--store", store.toString())).isZero();
        List<JsonNode> attempts = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            attempts.add(JSON.readTree(line));
        }
        assertThat(attempts).hasSize(4);
        assertThat(attempts).extracting(a -> a.get("status").asText())
                .containsExactlyInAnyOrder("FAILED", "PROVED", "FAILED", "FAILED");
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.get("campaignId").asInt()).isEqualTo(1);
            assertThat(a.has("proof")).isTrue();
            assertThat(a.has("messages")).isTrue();
        });

        assertThat(campaign("export", "1", "--format", "csv", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("must be one of trl, trl-sft, trl-dpo, ledger, jsonl");
    }
}
