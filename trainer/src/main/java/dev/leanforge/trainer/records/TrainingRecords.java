package dev.leanforge.trainer.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads JSONL training data into token ids: SFT records {@code {"prompt", "completion"}} (the TRL convention) and
 * DPO records {@code {"prompt", "chosen", "rejected"}}. A line that is not such an object, or whose example does not
 * fit the model's context, is a bad line: reported with its number and skipped or fatal per {@link BadLinePolicy}.
 * Blank lines are not records and are passed over.
 */
public final class TrainingRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One usable line and the example built from it. */
    public record Line<T>(int number, T example) {}

    private final Tokenizer tokenizer;
    private final int context;
    private final BadLinePolicy policy;
    private final Consumer<String> report;

    /**
     * @param context the model's context: an example may have at most {@code context + 1} tokens (the last one is
     *     only predicted, never read)
     * @param report receives one message per skipped line
     */
    public TrainingRecords(Tokenizer tokenizer, int context, BadLinePolicy policy, Consumer<String> report) {
        this.tokenizer = tokenizer;
        this.context = context;
        this.policy = policy;
        this.report = report;
    }

    public List<Line<TokenSequence>> sft(Path file) throws IOException {
        return read(file, node -> fit(PolicyFormat.example(tokenizer, text(node, "prompt"), text(node, "completion"))));
    }

    public List<Line<TokenPair>> dpo(Path file) throws IOException {
        return read(file, node -> {
            String prompt = text(node, "prompt");
            return new TokenPair(
                    fit(PolicyFormat.example(tokenizer, prompt, text(node, "chosen"))),
                    fit(PolicyFormat.example(tokenizer, prompt, text(node, "rejected"))));
        });
    }

    private interface LineParser<T> {
        /** @throws IllegalArgumentException describing what is wrong with the line */
        T parse(JsonNode node);
    }

    private <T> List<Line<T>> read(Path file, LineParser<T> parser) throws IOException {
        List<Line<T>> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node == null || !node.isObject()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    out.add(new Line<>(number, parser.parse(node)));
                } catch (IOException | IllegalArgumentException e) {
                    String problem = e instanceof IOException ? "invalid JSON (" + firstLine(e) + ")" : e.getMessage();
                    if (policy == BadLinePolicy.REJECT) {
                        throw new BadDataException(file, number,
                                problem + "; fix the line or skip bad lines (--on-bad-line skip)");
                    }
                    report.accept(file + ":" + number + ": skipped: " + problem);
                }
            }
        }
        return out;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("\"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private TokenSequence fit(TokenSequence sequence) {
        if (sequence.length() > context + 1) {
            throw new IllegalArgumentException(sequence.length() + " tokens, more than the model's context of "
                    + context + " holds");
        }
        return sequence;
    }
}
