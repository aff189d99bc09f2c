package dev.leanforge.loop.config;

import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.trainer.bench.SampleBenchmark;
import dev.leanforge.trainer.model.ModelConfig;
import dev.leanforge.trainer.tokenizer.BpeTrainer;

/**
 * The range of every number the commands take, as options ({@code @Within(Limit.X)} in the CLI) and as config keys
 * ({@link Setting}): one table, documented in docs/limits.md. A limit bounds what a value costs — a clock that
 * must not overflow, memory allocated per token or per sample, a thread or Lean process per worker — far above
 * what a run needs, so it only ever refuses a mistake.
 */
public enum Limit {
    /** Checks and requests: a day is no limit at all, and a longer one overflows the nanosecond clocks. */
    TIMEOUT(new Range.Seconds(0.1, 86_400)),
    /** Lean processes at once, each with threads of its own. */
    WORKERS(new Range.Whole(1, PoolConfig.maxWorkers(), PoolConfig.WORKERS_PER_CORE + " × cores")),
    /** PyTorch threads; 0 is PyTorch's default. */
    THREADS(new Range.Whole(0, PoolConfig.maxWorkers(), PoolConfig.WORKERS_PER_CORE + " × cores")),
    /** Worker verticle instances sharing one policy (HTTP requests to a server at once). */
    POLICY_WORKERS(new Range.Whole(1, 256)),
    /** Attempts in flight; each holds its proof text and a queue slot. */
    IN_FLIGHT(new Range.Whole(1, 10_000)),
    /** Completions per theorem or per command: all of them are held in memory together. */
    SAMPLES(new Range.Whole(1, 10_000)),
    RETRIES(new Range.Whole(0, 100)),
    /** Completions per request to an OpenAI-compatible server; 0 for no limit. */
    OPENAI_MAX_N(new Range.Whole(0, 10_000)),
    SEARCH_WIDTH(new Range.Whole(1, 1_024)),
    SEARCH_DEPTH(new Range.Whole(1, 1_024)),
    SEARCH_NODES(new Range.Whole(1, 100_000)),
    TEMPERATURE(new Range.Decimal(0, false, 10)),
    TOP_P(new Range.Decimal(0, true, 1)),
    TOP_K(new Range.Whole(0, ModelConfig.MAX_VOCAB)),
    /** New tokens per completion: generation holds batch × (prompt + this) token ids. */
    MAX_TOKENS(new Range.Whole(1, 32_768)),
    ROUNDS(new Range.Whole(1, 1_000)),
    VOCAB(new Range.Whole(BpeTrainer.MIN_VOCAB_SIZE, ModelConfig.MAX_VOCAB)),
    MODEL_LAYERS(new Range.Whole(1, ModelConfig.MAX_LAYERS)),
    MODEL_HEADS(new Range.Whole(1, ModelConfig.MAX_HEADS)),
    MODEL_WIDTH(new Range.Whole(1, ModelConfig.MAX_WIDTH)),
    MODEL_CONTEXT(new Range.Whole(8, ModelConfig.MAX_CONTEXT)),
    EPOCHS(new Range.Whole(1, 1_000)),
    /** Optimiser steps, and step intervals (warm-up, saving, evaluating); 0 where it means "none". */
    STEPS(new Range.Whole(0, 10_000_000)),
    LEARNING_RATE(new Range.Decimal(0, true, 10)),
    /** Training and scoring examples per step: a batch of token ids and its activations. */
    BATCH_SIZE(new Range.Whole(1, 1_024)),
    /** Sequences generated together: each holds prompt + max-tokens ids and a KV cache. */
    SAMPLE_BATCH(new Range.Whole(1, 256)),
    DPO_BETA(new Range.Decimal(0, true, 100)),
    /** LoRA rank: each adapted module holds r × (in + out) weights and their optimiser state. */
    LORA_RANK(new Range.Whole(1, 1_024)),
    /** {@code star run}'s LoRA rank; 0 trains the whole model. */
    LORA_RANK_OR_FULL(new Range.Whole(0, 1_024)),
    LORA_ALPHA(new Range.Decimal(0, true, 10_000)),
    /** Above 0.9 the adapter's input is nearly all dropped. */
    LORA_DROPOUT(new Range.Decimal(0, false, 0.9)),
    /** A difference of two pass@k values. */
    PROMOTION_MARGIN(new Range.Decimal(0, false, 1)),
    /** A one-sided confidence level; below one half a bound says nothing. */
    PROMOTION_CONFIDENCE(new Range.Decimal(0.5, false, 0.999)),
    PROOFS_PER_THEOREM(new Range.Whole(1, 1_000)),
    /** GRPO: samples per theorem in a group; a group of one has no baseline. All are held in memory together. */
    GROUP_SIZE(new Range.Whole(2, 1_024)),
    /** GRPO: the lower clip of the probability ratio; at 1 or more the ratio could reach 0. */
    CLIP_LOW(new Range.Decimal(0, false, 0.99)),
    CLIP_HIGH(new Range.Decimal(0, false, 10)),
    /** GRPO: weight of the KL penalty to the reference; 0 turns it off. */
    KL_WEIGHT(new Range.Decimal(0, false, 100)),
    /** A probability. */
    PROBABILITY(new Range.Decimal(0, false, 1)),
    /** GRPO: rounds a theorem's group must stay uniform before it is set aside; 0 never sets one aside. */
    CURRICULUM_ROUNDS(new Range.Whole(0, 1_000)),
    KEEP_CHECKPOINTS(new Range.Whole(1, 1_000)),
    MIN_LR_RATIO(new Range.Decimal(0, false, 1)),
    WEIGHT_DECAY(new Range.Decimal(0, false, 1)),
    /** The share of one split that {@code theorems split --from} turns into train. */
    TRAIN_RATIO(new Range.Decimal(0, false, 1)),
    /** 0 turns clipping off. */
    MAX_GRAD_NORM(new Range.Decimal(0, false, 1_000_000)),
    MIN_FREQUENCY(new Range.Whole(1, 1_000_000_000)),
    BENCH_STEPS(new Range.Whole(1, 10_000)),
    BENCH_WARMUP(new Range.Whole(0, 10_000)),
    BENCH_ROUNDS(new Range.Whole(1, 100)),
    /** The benchmark model's positions hold the prompt and the new tokens. */
    BENCH_TOKENS(new Range.Whole(1, SampleBenchmark.CONFIG.context())),
    /** Snippets in one verification request: all are held, scanned and queued together. */
    VERIFY_BATCH(new Range.Whole(1, 10_000)),
    /** Checks a verification server queues before it answers 429. */
    VERIFY_QUEUE(new Range.Whole(1, 100_000)),
    PORT(new Range.Whole(0, 65_535)),
    /** Hazelcast's port: a real one, counted upwards from when taken. */
    CLUSTER_PORT(new Range.Whole(1, 65_535));

    private final Range range;

    Limit(Range range) {
        this.range = range;
    }

    public Range range() {
        return range;
    }

    /** The range of a whole-number limit. */
    Range.Whole whole() {
        return (Range.Whole) range;
    }

    /** The range of a limit on a number. */
    Range.Decimal decimal() {
        return (Range.Decimal) range;
    }

    /** The range of a limit on seconds. */
    Range.Seconds seconds() {
        return (Range.Seconds) range;
    }
}
