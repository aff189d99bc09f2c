package dev.leanforge.loop.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.VerdictJson;
import dev.leanforge.loop.verify.HeaderTrust;
import dev.leanforge.loop.verify.Snippet;
import dev.leanforge.loop.verify.SnippetChecker;
import dev.leanforge.loop.verify.SnippetResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code leanforge check --jsonl FILE}: a batch of whole-file snippets, one JSON object a line
 * ({@code {"custom_id" | "id", "proof" | "code"}}, kimina's names), checked as the verification API checks them
 * ({@link SnippetChecker}); one verdict line per input line, in input order, with the input's id key and value.
 * Every line is read before anything is checked: bad lines are reported as {@code FILE:LINE: what is wrong} and
 * nothing runs (exit 2). Blank lines are skipped.
 */
final class CheckJsonl {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One input line read: the id as given (string or number) and under which key. */
    private record Line(String idKey, JsonNode id, Snippet snippet) {}

    private CheckJsonl() {}

    static int run(Path file, ServerCommand command, Duration timeout, HeaderTrust trust, PrintWriter out) {
        List<Line> lines = read(file);
        if (lines.isEmpty()) {
            throw new CliError(file + ": no snippets (one JSON object a line: {\"custom_id\", \"proof\"})");
        }
        boolean allProved = true;
        try (LeanChecker lean = LeanChecker.builder().server(command)
                .workers(Math.min(lines.size(), Runtime.getRuntime().availableProcessors()))
                .queueCapacity(lines.size())
                .timeout(timeout)
                .build()) {
            try {
                lean.ready().get();
            } catch (ExecutionException e) {
                throw new CliError("Lean could not be started with " + command + ": " + e.getCause().getMessage()
                        + "\nRun `leanforge doctor`, or check the --server-cmd and --project-dir options.", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliError("interrupted", e);
            }
            SnippetChecker checker = new SnippetChecker(lean, trust);
            List<CompletableFuture<SnippetResult>> results =
                    checker.submit(lines.stream().map(Line::snippet).toList(), timeout);
            for (int i = 0; i < lines.size(); i++) {
                SnippetResult result = results.get(i).join();
                allProved &= result.verdict() instanceof Verdict.Proved;
                out.println(line(lines.get(i), result));
                out.flush();
            }
        }
        return allProved ? 0 : 1;
    }

    private static String line(Line input, SnippetResult result) {
        ObjectNode node = JSON.createObjectNode();
        node.set(input.idKey(), input.id());
        Verdict verdict = result.verdict();
        List<LeanMessage> messages = result.theorem()
                .map(t -> verdict.messages().stream().map(t::toFilePosition).toList()).orElse(List.of());
        ObjectNode verdictNode = VerdictJson.of(result.theorem().map(t -> t.task().theoremName()).orElse(""),
                verdict, messages);
        if (result.theorem().isEmpty()) {
            verdictNode.putNull("theorem");
        }
        return VerdictJson.line(node.setAll(verdictNode));
    }

    private static List<Line> read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new CliError(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new CliError(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new CliError(file + ": cannot read: " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1) + ": ";
            try {
                lines.add(parse(text.get(i)));
            } catch (IllegalArgumentException e) {
                problems.add(where + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            int shown = Math.min(problems.size(), 20);
            StringBuilder message = new StringBuilder(String.join("\n", problems.subList(0, shown)));
            if (problems.size() > shown) {
                message.append("\n… and ").append(problems.size() - shown).append(" more bad lines");
            }
            message.append("\nEach line must be a JSON object {\"custom_id\" or \"id\", \"proof\" or \"code\"}; "
                    + "nothing was checked.");
            throw new CliError(message.toString());
        }
        return lines;
    }

    private static Line parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String idKey = node.hasNonNull("custom_id") ? "custom_id" : node.hasNonNull("id") ? "id" : null;
        if (idKey == null) {
            throw new IllegalArgumentException("no \"custom_id\" or \"id\"");
        }
        JsonNode id = node.get(idKey);
        if (!id.isTextual() && !id.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + idKey + "\" must be a string or a whole number");
        }
        JsonNode code = node.hasNonNull("proof") ? node.get("proof") : node.get("code");
        if (code == null || !code.isTextual()) {
            throw new IllegalArgumentException("no \"proof\" or \"code\" string");
        }
        return new Line(idKey, id, new Snippet(id.asText(), code.asText()));
    }
}
