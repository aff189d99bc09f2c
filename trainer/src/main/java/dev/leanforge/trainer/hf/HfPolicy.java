package dev.leanforge.trainer.hf;

import ai.djl.Device;
import dev.leanforge.trainer.batch.EncodedRecords;
import dev.leanforge.trainer.batch.TokenPair;
import dev.leanforge.trainer.batch.TokenSequence;
import dev.leanforge.trainer.data.BadLinePolicy;
import dev.leanforge.trainer.data.DpoRecord;
import dev.leanforge.trainer.data.JsonlData;
import dev.leanforge.trainer.data.JsonlReader;
import dev.leanforge.trainer.data.SftRecord;
import dev.leanforge.trainer.sampling.Generator;
import dev.leanforge.trainer.sampling.PromptSampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Hugging Face model directory ready to sample and score: the model, its tokenizer and end ids, its prompt
 * template. What {@code leanforge sample}, {@code leanforge score} and the {@code model:DIR} policy use for such a
 * directory.
 *
 * <p>Sampling: the prompt is rendered through the template and encoded with the tokenizer's post-processor; a
 * rendered prompt longer than the room left ({@code max(context / 2, context − maxNewTokens)}) is refused rather than
 * cut, since cutting a chat template would drop its system turn. Generation stops at any of the end ids.
 *
 * <p>Scoring: a record is {@code rendered prompt ++ completion ++ first end id}, the completion and end id scored,
 * exactly what sampling would have to produce. Too long a record loses the start of its prompt (down to half the
 * context), then the tail of its completion and the end id, and is marked truncated.
 */
public final class HfPolicy implements AutoCloseable {

    private final Path dir;
    private final HfModel model;
    private final HfTokenizer tokenizer;
    private final PromptTemplate template;

    private HfPolicy(Path dir, HfModel model, HfTokenizer tokenizer, PromptTemplate template) {
        this.dir = dir;
        this.model = model;
        this.tokenizer = tokenizer;
        this.template = template;
    }

    public static HfPolicy load(Path dir, Device device) throws IOException {
        return load(dir, null, device);
    }

    /**
     * The model of {@code dir} (a Hugging Face directory, or an adapter folded into its base) with the PEFT adapter
     * of {@code adapter} on it (none when null). The tokenizer and template come from {@code dir} (a trained
     * adapter holds copies of its base's).
     */
    public static HfPolicy load(Path dir, Path adapter, Device device) throws IOException {
        PromptTemplate template = PromptTemplate.of(dir);
        HfTokenizer tokenizer = HfTokenizer.load(dir);
        try {
            // An adapter directory as the base: its chain folded in (PeftAdapter.loadMerged).
            HfModel model = PeftAdapter.loadMerged(dir, device);
            try {
                if (adapter != null) {
                    PeftAdapter.load(model, adapter);
                }
                Generator.requireVocabulary(model.vocabSize(), tokenizer.vocabSize());
            } catch (IllegalArgumentException e) {
                model.close();
                throw new IOException(dir + ": " + e.getMessage(), e);
            } catch (IOException e) {
                model.close();
                throw e;
            }
            return new HfPolicy(dir, model, tokenizer, template);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    public HfModel model() {
        return model;
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    public PromptTemplate template() {
        return template;
    }

    /** The rendered, encoded prompt. */
    public int[] encodePrompt(String prompt, int maxLength) {
        int[] ids = tokenizer.encodePrompt(template.render(prompt));
        if (ids.length > maxLength) {
            throw new IllegalArgumentException("the prompt is " + ids.length + " tokens after the template ("
                    + template.name() + "), more than the " + maxLength + " left for it in the context of "
                    + model.context() + " (" + dir + ")");
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException("the prompt encodes to no tokens");
        }
        return ids;
    }

    /** Samples as {@link PromptSampler} does for our own models: batches, seeds, the KV cache. */
    public PromptSampler sampler() {
        return new PromptSampler(model, this::encodePrompt, new Generator(model, tokenizer, tokenizer.endIds()));
    }

    /** One record as a scored sequence of at most {@code context + 1} tokens; {@code truncated[0]} says if cut. */
    public TokenSequence encode(String prompt, String completion, boolean[] truncated) {
        return encode(tokenizer, template, model.context(), prompt, completion, truncated);
    }

    /**
     * {@code rendered prompt ++ completion ++ first end id} in at most {@code context + 1} tokens: too long a record
     * loses the start of its prompt (down to half), then its completion's tail and the end id.
     */
    public static TokenSequence encode(HfTokenizer tokenizer, PromptTemplate template, int context, String prompt,
            String completion, boolean[] truncated) {
        int[] p = tokenizer.encodePrompt(template.render(prompt));
        int[] c = tokenizer.encode(completion);
        int limit = context + 1;
        int keepPrompt = p.length;
        boolean end = true;
        truncated[0] = false;
        if (p.length + c.length + 1 > limit) {
            truncated[0] = true;
            keepPrompt = Math.max(Math.min(p.length, limit / 2), limit - c.length - 1);
            keepPrompt = Math.min(keepPrompt, p.length);
            keepPrompt = Math.max(keepPrompt, 1);
        }
        int room = limit - keepPrompt;
        int keepCompletion = Math.min(c.length, room);
        if (keepCompletion + 1 > room) {
            end = false;
        }
        if (keepCompletion == 0 && !end) {
            throw new IllegalArgumentException("no room for the completion after a prompt of " + p.length
                    + " tokens");
        }
        int[] ids = new int[keepPrompt + keepCompletion + (end ? 1 : 0)];
        System.arraycopy(p, p.length - keepPrompt, ids, 0, keepPrompt);
        System.arraycopy(c, 0, ids, keepPrompt, keepCompletion);
        if (end) {
            ids[ids.length - 1] = tokenizer.endId();
        }
        return new TokenSequence(ids, keepPrompt);
    }

    /** The SFT records of {@code file} (prompt, completion) encoded for scoring. */
    public EncodedRecords<TokenSequence> sft(Path file, BadLinePolicy policy) throws IOException {
        return sft(file, tokenizer, template, model.context(), policy);
    }

    /** The SFT records of {@code file} as {@link #encode} lays them out, without a loaded model. */
    public static EncodedRecords<TokenSequence> sft(Path file, HfTokenizer tokenizer, PromptTemplate template,
            int context, BadLinePolicy policy) throws IOException {
        JsonlData<SftRecord> data = JsonlReader.readSft(file, policy);
        List<TokenSequence> examples = new ArrayList<>();
        Set<Integer> truncated = new HashSet<>();
        boolean[] cut = new boolean[1];
        for (SftRecord r : data.records()) {
            TokenSequence s = encode(tokenizer, template, context, r.prompt(), r.completion(), cut);
            if (cut[0]) {
                truncated.add(examples.size());
            }
            examples.add(s);
        }
        return new EncodedRecords<>(examples, data.skipped(), truncated);
    }

    /** The DPO records of {@code file} (prompt, chosen, rejected) as pairs laid out by {@link #encode}. */
    public static EncodedRecords<TokenPair> dpo(Path file, HfTokenizer tokenizer, PromptTemplate template,
            int context, BadLinePolicy policy) throws IOException {
        JsonlData<DpoRecord> data = JsonlReader.readDpo(file, policy);
        List<TokenPair> examples = new ArrayList<>();
        Set<Integer> truncated = new HashSet<>();
        boolean[] cutChosen = new boolean[1];
        boolean[] cutRejected = new boolean[1];
        for (DpoRecord r : data.records()) {
            TokenSequence chosen = encode(tokenizer, template, context, r.prompt(), r.chosen(), cutChosen);
            TokenSequence rejected = encode(tokenizer, template, context, r.prompt(), r.rejected(), cutRejected);
            if (cutChosen[0] || cutRejected[0]) {
                truncated.add(examples.size());
            }
            examples.add(new TokenPair(chosen, rejected));
        }
        return new EncodedRecords<>(examples, data.skipped(), truncated);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
