package dev.leanforge.trainer.batch;

import dev.leanforge.trainer.data.BadLine;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.JsonlData;
import dev.leanforge.trainer.data.JsonlReader;
import dev.leanforge.trainer.data.PolicyExample;
import dev.leanforge.trainer.data.PolicyFormat;
import dev.leanforge.trainer.data.SftRecord;
import dev.leanforge.trainer.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JSONL records read by {@link JsonlReader} and encoded by {@link PolicyFormat} for a model with {@code context}
 * positions: the one step from records to the token ids the model code takes.
 *
 * @param examples one per record, in file order
 * @param skipped the bad lines left out (under {@link BadLinePolicy#SKIP}; the reader has logged them)
 * @param truncated indices (into {@code examples}) of the examples that lost tokens to fit the context
 */
public record EncodedRecords<T>(List<T> examples, List<BadLine> skipped, Set<Integer> truncated) {

    public EncodedRecords {
        examples = List.copyOf(examples);
        skipped = List.copyOf(skipped);
        truncated = Set.copyOf(truncated);
    }

    /**
     * SFT records as sequences of at most {@code context + 1} tokens (the last token is only ever predicted, so it
     * needs no position of its own).
     */
    public static EncodedRecords<TokenSequence> sft(Path file, Tokenizer tokenizer, int context,
            BadLinePolicy policy) throws IOException {
        JsonlData<SftRecord> data = JsonlReader.readSft(file, policy);
        List<TokenSequence> examples = new ArrayList<>(data.records().size());
        Set<Integer> truncated = new HashSet<>();
        for (SftRecord r : data.records()) {
            PolicyExample e = PolicyFormat.encode(tokenizer, r.prompt(), r.completion(), context + 1);
            if (e.truncated()) {
                truncated.add(examples.size());
            }
            examples.add(TokenSequence.of(e));
        }
        return new EncodedRecords<>(examples, data.skipped(), truncated);
    }

    /** DPO records as pairs of sequences sharing the prompt, each of at most {@code context + 1} tokens. */
    public static EncodedRecords<TokenPair> dpo(Path file, Tokenizer tokenizer, int context, BadLinePolicy policy)
            throws IOException {
        JsonlData<DpoRecord> data = JsonlReader.readDpo(file, policy);
        List<TokenPair> examples = new ArrayList<>(data.records().size());
        Set<Integer> truncated = new HashSet<>();
        for (DpoRecord r : data.records()) {
            PolicyExample chosen = PolicyFormat.encode(tokenizer, r.prompt(), r.chosen(), context + 1);
            PolicyExample rejected = PolicyFormat.encode(tokenizer, r.prompt(), r.rejected(), context + 1);
            if (chosen.truncated() || rejected.truncated()) {
                truncated.add(examples.size());
            }
            examples.add(new TokenPair(TokenSequence.of(chosen), TokenSequence.of(rejected)));
        }
        return new EncodedRecords<>(examples, data.skipped(), truncated);
    }
}
