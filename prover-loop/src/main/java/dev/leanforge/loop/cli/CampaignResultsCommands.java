package dev.leanforge.loop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.campaign.CampaignSummary;
import dev.leanforge.loop.campaign.StoredCampaign;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.loop.http.ApiJson;
import dev.leanforge.loop.ledger.LedgerEntry;
import dev.leanforge.loop.ledger.LedgerWriter;
import dev.leanforge.loop.star.RunFiles;
import dev.leanforge.loop.star.StarDataset;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.store.Campaign;
import dev.leanforge.loop.store.CampaignCounts;
import dev.leanforge.loop.store.RecordedProof;
import dev.leanforge.loop.store.Round;
import dev.leanforge.loop.store.Store;
import dev.leanforge.loop.store.StoreException;
import dev.leanforge.loop.store.StoredAttempt;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.SetNames;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leanforge campaign list | show | export}: looking at the campaigns of a store. They only read, through
 * {@link Store#openReadOnly}, so they work next to a running campaign and on a read-only copy.
 */
final class CampaignResultsCommands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CampaignResultsCommands() {}

    /** Opens the store read-only; no store at that path is a usage error (it is never created). */
    static Store openStore(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CliError("No store at " + file.toAbsolutePath()
                    + ". Run a campaign first, or point --store at an existing store.");
        }
        try {
            return Store.openReadOnly(file);
        } catch (StoreException e) {
            throw new CliError(e.getMessage(), e);
        }
    }

    /** Campaign {@code id}, or a usage error naming the ids there are. */
    static Campaign campaign(Store store, long id) {
        return store.campaign(id).orElseThrow(() -> new CliError("no campaign " + id + " in " + store.file()
                + "; " + describeIds(store.campaigns().stream().map(Campaign::id).toList())
                + ". `leanforge campaign list` shows them."));
    }

    /** {@code campaigns there: 1-3, 7}, runs of consecutive ids shortened. */
    static String describeIds(List<Long> ids) {
        if (ids.isEmpty()) {
            return "the store holds no campaign";
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < ids.size()) {
            int j = i;
            while (j + 1 < ids.size() && ids.get(j + 1) == ids.get(j) + 1) {
                j++;
            }
            parts.add(j == i ? String.valueOf(ids.get(i))
                    : j == i + 1 ? ids.get(i) + ", " + ids.get(j) : ids.get(i) + "-" + ids.get(j));
            i = j + 1;
        }
        return "campaigns there: " + String.join(", ", parts);
    }

    /** The campaign's theorem set read from {@code theoremsDir}, when it is there and reads. */
    static Optional<TheoremSet> readSet(Path theoremsDir, Campaign campaign) {
        String name = campaign.spec().set();
        if (SetNames.problem(name).isPresent()) {
            return Optional.empty();
        }
        Path dir = SetNames.dir(theoremsDir, name);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try {
            return Optional.of(SetReader.read(dir));
        } catch (InvalidInputException e) {
            return Optional.empty();
        }
    }

    // ---- list ----

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = {
                "List the campaigns of the store: id, set, split, policy (the checkpoint, round and phase of a STaR "
                        + "run's campaigns), strategy, status, theorems proved / attempted, start time.",
                "Exit codes: 0 listed, 2 no store."
            })
    static final class ListCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Option(names = "--json", description = "One JSON object per campaign and line instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Store opened = openStore(store.file)) {
                Map<Long, Round> rounds = StoredCampaign.rounds(opened);
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "SET", "SPLIT", "POLICY", "STRATEGY", "STATUS", "PROVED/ATTEMPTED",
                    "STARTED"});
                for (Campaign c : opened.campaigns()) {
                    CampaignCounts counts = opened.counts(c.id());
                    StoredCampaign.Origin origin = StoredCampaign.origin(c, rounds);
                    if (json) {
                        ObjectNode node = JSON.createObjectNode()
                                .put("id", c.id())
                                .put("set", c.spec().set())
                                .put("split", c.spec().split().orElse(null))
                                .put("policy", c.spec().policy());
                        node.set("origin", originJson(origin));
                        node.put("strategy", c.spec().strategy())
                                .put("status", c.status().name())
                                .put("theoremsSolved", counts.theoremsSolved())
                                .put("theoremsAttempted", counts.theoremsAttempted())
                                .put("attempts", counts.attempts())
                                .put("createdAt", c.createdAt().toString());
                        out.println(node);
                    } else {
                        rows.add(new String[] {String.valueOf(c.id()), c.spec().set(), c.spec().split().orElse("all"),
                            origin.describe(), c.spec().strategy(), c.status().name(),
                            counts.theoremsSolved() + "/" + counts.theoremsAttempted(),
                            c.createdAt().toString()});
                    }
                }
                if (!json) {
                    if (rows.size() == 1) {
                        out.println("No campaigns in " + opened.file() + ".");
                    } else {
                        printTable(out, rows);
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    static ObjectNode originJson(StoredCampaign.Origin origin) {
        ObjectNode node = JSON.createObjectNode();
        node.put("run", origin.run().orElse(null));
        if (origin.round().isPresent()) {
            node.put("round", origin.round().getAsInt());
        } else {
            node.putNull("round");
        }
        node.put("phase", origin.phase().orElse(null));
        node.put("checkpoint", origin.checkpoint());
        return node;
    }

    private static void printTable(PrintWriter out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    // ---- show ----

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "One campaign: its settings, where its policy came from (checkpoint, STaR round and phase), "
                        + "attempts by verdict, pass@k recomputed from the stored attempts, and timings.",
                "Exit codes: 0 shown, 2 no store or no such campaign (the message lists the ids there are)."
            })
    static final class ShowCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "ID", description = "The campaign's id (see `campaign list`).")
        long id;

        @Option(names = "--theorems-dir", paramLabel = "DIR", defaultValue = "theorems",
                description = "Folder holding the sets, to average pass@k over the campaign's whole split "
                        + "(default: ${DEFAULT-VALUE}); without the set, over the theorems with attempts.")
        Path theoremsDir;

        @Option(names = "--json", description = "One JSON object instead of text.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (Store opened = openStore(store.file)) {
                Campaign campaign = campaign(opened, id);
                StoredCampaign shown = StoredCampaign.read(opened, campaign, readSet(theoremsDir, campaign));
                out.print(json ? JSON.writeValueAsString(showJson(shown)) + "\n" : showText(shown));
            }
            out.flush();
            return 0;
        }
    }

    static ObjectNode showJson(StoredCampaign shown) {
        Campaign c = shown.campaign();
        ObjectNode node = JSON.createObjectNode()
                .put("id", c.id())
                .put("set", c.spec().set())
                .put("split", c.spec().split().orElse(null))
                .put("strategy", c.spec().strategy())
                .put("policy", c.spec().policy());
        node.set("origin", originJson(shown.origin()));
        node.put("status", c.status().name()).put("createdAt", c.createdAt().toString());
        node.set("settings", JSON.valueToTree(shown.settings()));
        node.put("theoremsAttempted", shown.counts().theoremsAttempted())
                .put("theoremsSolved", shown.counts().theoremsSolved())
                .put("attempts", shown.counts().attempts());
        ObjectNode verdicts = node.putObject("verdicts");
        shown.counts().verdicts().forEach((status, count) -> verdicts.put(status.name(), count));
        ArrayNode passAtK = node.putArray("passAtK");
        shown.passAtK().forEach(p -> passAtK.add(JSON.valueToTree(p)));
        node.put("passAtKOver", shown.passAtKOver());
        ObjectNode time = node.putObject("time");
        time.put("firstAttemptAt", shown.timings().firstAttempt().map(Object::toString).orElse(null))
                .put("lastAttemptAt", shown.timings().lastAttempt().map(Object::toString).orElse(null))
                .put("spanSeconds", shown.timings().spanSeconds())
                .put("checkSeconds", shown.timings().checkSeconds());
        return node;
    }

    static String showText(StoredCampaign shown) {
        Campaign c = shown.campaign();
        CampaignCounts counts = shown.counts();
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "campaign %d: set %s, split %s, strategy %s, %s%n", c.id(),
                c.spec().set(), c.spec().split().orElse("all"), c.spec().strategy(), c.status()));
        StoredCampaign.Origin origin = shown.origin();
        text.append("policy: ").append(c.spec().policy()).append('\n');
        if (origin.run().isPresent()) {
            text.append(String.format(Locale.ROOT, "STaR: run %s, round %d, %s, checkpoint %s%n", origin.run().get(),
                    origin.round().orElse(-1), origin.phase().orElse("?"), origin.checkpoint()));
        }
        text.append("settings: ").append(shown.settings()).append('\n');
        text.append(String.format(Locale.ROOT, "theorems proved %d of %d attempted%n", counts.theoremsSolved(),
                counts.theoremsAttempted()));
        text.append(String.format(Locale.ROOT, "attempts %d: %s%n", counts.attempts(),
                counts.verdicts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "))));
        text.append(shown.passAtK().isEmpty() ? "pass@k: unknown (strategy " + c.spec().strategy()
                        + " or its budget is not known to this build)"
                : shown.passAtK().stream().map(CampaignSummary::describe).collect(Collectors.joining("; ")))
                .append(" (over ").append(shown.passAtKOver()).append(")\n");
        StoredCampaign.Timings t = shown.timings();
        text.append(String.format(Locale.ROOT, "time: started %s; last attempt %s (%.1f s after the start); "
                        + "checks %.1f s busy in all%n", t.started(),
                t.lastAttempt().map(Object::toString).orElse("none"), t.spanSeconds(), t.checkSeconds()));
        return text.toString();
    }

    // ---- export ----

    /** What {@code campaign export} writes. */
    enum Format {
        /** {@code sft.jsonl} and {@code dpo.jsonl} into a folder, as a STaR round writes them. */
        trl,
        /** The SFT records alone: {@code prompt}, {@code completion}. */
        trl_sft,
        /** The preference records alone: {@code prompt}, {@code chosen}, {@code rejected}. */
        trl_dpo,
        /** The ledger lines of the campaign's verified proofs. */
        ledger,
        /** Every attempt with its verdict. */
        jsonl;

        static Format of(String word) {
            for (Format f : values()) {
                if (f.word().equals(word)) {
                    return f;
                }
            }
            throw new CliError("option --format: must be one of trl, trl-sft, trl-dpo, ledger, jsonl; got \""
                    + word + "\"");
        }

        String word() {
            return name().replace('_', '-');
        }
    }

    @Command(
            name = "export",
            mixinStandardHelpOptions = true,
            description = {
                "Export one campaign's results:",
                "  trl      sft.jsonl ({\"prompt\", \"completion\"}) and dpo.jsonl ({\"prompt\", \"chosen\", "
                        + "\"rejected\"}) into the folder --out, the records a STaR round trains on (TRL's SFT and "
                        + "DPO formats);",
                "  trl-sft, trl-dpo  one of the two, to --out FILE or stdout;",
                "  ledger   the campaign's verified proofs as ledger lines (as `ledger export` writes them);",
                "  jsonl    every attempt with its verdict, one JSON object per line.",
                "Files are replaced atomically. Exit codes: 0 written, 2 no store, no such campaign (the message "
                        + "lists the ids there are), the set cannot be read (trl) or the file cannot be written."
            })
    static final class ExportCommand implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOption store;

        @Parameters(index = "0", paramLabel = "ID", description = "The campaign's id (see `campaign list`).")
        long id;

        @Option(names = "--format", required = true, paramLabel = "FORMAT",
                description = "trl, trl-sft, trl-dpo, ledger or jsonl.")
        String format;

        @Option(names = "--out", paramLabel = "FILE",
                description = "The file to write (trl: a folder); default stdout (not for trl).")
        Path out;

        @Option(names = "--theorems-dir", paramLabel = "DIR", defaultValue = "theorems",
                description = "Folder holding the sets; the TRL prompts are built from the campaign's set "
                        + "(default: ${DEFAULT-VALUE}).")
        Path theoremsDir;

        @Within(Limit.PROOFS_PER_THEOREM)
        @Option(names = "--proofs-per-theorem", paramLabel = "N", defaultValue = "1",
                description = "TRL SFT records per solved theorem: its shortest distinct verified proofs, as in "
                        + "star run (default: ${DEFAULT-VALUE}).")
        int proofsPerTheorem;

        @Override
        public Integer call() throws IOException {
            Format chosen = Format.of(format);
            if (chosen == Format.trl && out == null) {
                throw new CliError("--format trl writes two files, sft.jsonl and dpo.jsonl: give --out DIR (or "
                        + "--format trl-sft / trl-dpo for one of them on stdout)");
            }
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Store opened = openStore(store.file)) {
                Campaign campaign = campaign(opened, id);
                try {
                    switch (chosen) {
                        case trl, trl_sft, trl_dpo -> trl(opened, campaign, chosen, stdout, err);
                        case ledger -> ledger(opened, campaign, stdout, err);
                        case jsonl -> attempts(opened, campaign, stdout, err);
                        default -> throw new IllegalStateException(chosen.toString());
                    }
                } catch (IOException e) {
                    throw new CliError("campaign export failed: cannot write " + out.toAbsolutePath() + ": " + e, e);
                }
            }
            stdout.flush();
            err.flush();
            return 0;
        }

        private void trl(Store opened, Campaign campaign, Format chosen, PrintWriter stdout, PrintWriter err)
                throws IOException {
            TheoremSet set = readSet(theoremsDir, campaign).orElseThrow(() -> new CliError("cannot read set "
                    + campaign.spec().set() + " under " + theoremsDir + ", which the TRL prompts are built from; "
                    + "point --theorems-dir at the folder holding it"));
            List<Attempt> attempts = opened.attempts(campaign.id()).stream().map(StoredAttempt::attempt).toList();
            StarDataset dataset = StarDataset.of(set.theorems(), attempts, opened.tacticPairs(campaign.id()),
                    proofsPerTheorem);
            String sft = StarDataset.jsonl(dataset.sft());
            String dpo = StarDataset.jsonl(dataset.preferences());
            String counts = dataset.sft().size() + " SFT records (" + dataset.solved().size() + " solved theorems) and "
                    + dataset.preferences().size() + " preference pairs (" + dataset.goalStateDpo().size()
                    + " at goal states)";
            if (chosen == Format.trl) {
                Files.createDirectories(out);
                RunFiles.writeAtomically(out.resolve("sft.jsonl"), sft);
                RunFiles.writeAtomically(out.resolve("dpo.jsonl"), dpo);
                err.println("Exported " + counts + " of campaign " + campaign.id() + " to " + out.resolve("sft.jsonl")
                        + " and " + out.resolve("dpo.jsonl"));
                return;
            }
            String text = chosen == Format.trl_sft ? sft : dpo;
            int records = chosen == Format.trl_sft ? dataset.sft().size() : dataset.preferences().size();
            write(text, stdout);
            err.println("Exported " + records + (chosen == Format.trl_sft ? " SFT records" : " preference pairs")
                    + " of campaign " + campaign.id() + where());
        }

        private void ledger(Store opened, Campaign campaign, PrintWriter stdout, PrintWriter err)
                throws IOException {
            // A proof row points at the first attempt that found its text, maybe in an earlier campaign: match the
            // campaign's verified attempts by theorem and proof text.
            record Found(String theorem, String proof) {}
            Set<Found> found = new HashSet<>();
            for (StoredAttempt a : opened.attempts(campaign.id())) {
                if (a.attempt().verdict().status() == Verdict.Status.PROVED) {
                    found.add(new Found(a.attempt().theorem(), a.attempt().proof()));
                }
            }
            List<LedgerEntry> entries = new ArrayList<>();
            for (RecordedProof p : opened.proofs()) {
                if (p.proof().set().equals(campaign.spec().set())
                        && found.contains(new Found(p.proof().theorem(), p.proof().proof()))) {
                    entries.add(LedgerEntry.of(p));
                }
            }
            if (out != null) {
                LedgerWriter.write(out, entries);
            } else {
                entries.forEach(e -> stdout.println(LedgerWriter.line(e)));
            }
            err.println("Exported " + entries.size() + " verified proof" + (entries.size() == 1 ? "" : "s")
                    + " of campaign " + campaign.id() + where());
        }

        private void attempts(Store opened, Campaign campaign, PrintWriter stdout, PrintWriter err)
                throws IOException {
            StringBuilder text = new StringBuilder();
            List<StoredAttempt> all = opened.attempts(campaign.id());
            for (StoredAttempt a : all) {
                ObjectNode node = JSON.createObjectNode().put("campaignId", campaign.id());
                node.setAll(ApiJson.attempt(a));
                text.append(JSON.writeValueAsString(node)).append('\n');
            }
            write(text.toString(), stdout);
            err.println("Exported " + all.size() + " attempt" + (all.size() == 1 ? "" : "s") + " of campaign "
                    + campaign.id() + where());
        }

        private void write(String text, PrintWriter stdout) throws IOException {
            if (out != null) {
                RunFiles.writeAtomically(out, text);
            } else {
                stdout.print(text);
            }
        }

        private String where() {
            return out == null ? "" : " to " + out.toAbsolutePath();
        }
    }
}
