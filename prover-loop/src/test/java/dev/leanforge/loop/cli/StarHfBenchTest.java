package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bench train|sample --arch qwen3}: runs (one step, a few tokens) and reports speed and memory; no timing. */
class StarHfBenchTest {

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = LeanforgeCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void qwen3BenchmarksReportTokensPerSecondAndPeakMemory() {
        assertThat(run("bench", "train", "--arch", "qwen3", "--lora", "--steps", "1", "--rounds", "1", "--warmup",
                "0", "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Qwen3-shaped", "LoRA r 16", "batch 8 × 128 tokens", "tokens/s",
                "JVM heap peak", "(VmHWM)");
        assertThat(run("bench", "sample", "--arch", "qwen3", "--prompt-tokens", "8", "--new-tokens", "2", "--rounds",
                "1", "--device", "cpu", "--threads", "1")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Qwen3-shaped", "tokens/s with the KV cache", "process RSS peak");
    }

    @Test
    void loraNeedsQwen3AndArchIsChecked() {
        assertThat(run("bench", "train", "--lora")).isEqualTo(2);
        assertThat(err.toString()).contains("--lora needs --arch qwen3");
        assertThat(run("bench", "sample", "--arch", "llama")).isEqualTo(2);
        assertThat(err.toString()).contains("--arch must be gpt or qwen3");
    }
}
