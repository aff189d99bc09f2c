package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.trainer.training.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training progress on stderr: plain lines off a terminal, at most 80 columns, numbers rather than a Java map. */
class ProgressBarListenerTest {

    private static StepReport dpoStep(long step, long total) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("reward_accuracy", 0.75);
        metrics.put("reward_margin", 0.1234);
        metrics.put("chosen_reward", -0.5);
        metrics.put("rejected_reward", -0.6234);
        return new StepReport(step, total, 0.693147, 1e-5, 1.5, 123456.7, Duration.ofSeconds(83 * (total - step)),
                metrics);
    }

    @Test
    void offATerminalEachLineIsPlainFitsEightyColumnsAndShowsTheNumbers() {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        try (ProgressBarListener listener = new ProgressBarListener("dpo", err, false)) {
            listener.onStart(1, 100);
            for (long step = 1; step <= 100; step++) {
                listener.onStep(dpoStep(step, 100));
                if (step == 50) {
                    listener.onEvaluation(50, Map.of("eval_loss", 0.5));
                    listener.onCheckpoint(50, java.nio.file.Path.of("out/checkpoint-50"));
                }
            }
            err.println(listener.lastStep());
        }
        err.flush();

        String output = text.toString();
        assertThat(output).doesNotContain("\r").doesNotContain("{").doesNotContain("=");
        List<String> lines = output.lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
        assertThat(lines).filteredOn(l -> l.startsWith("dpo ")).as("step 1, every 5th step and the last")
                .hasSize(21);
        assertThat(lines.get(0)).isEqualTo("dpo 1/100 loss 0.6931 acc 0.75 margin 0.123 123,457 tok/s ETA 2:16:57");
        assertThat(output).contains("\nstep 50: eval_loss 0.5000\nsaved out/checkpoint-50\ndpo 55/100");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("last step: loss 0.6931 accuracy 0.750 margin 0.123 "
                + "chosen -0.50 rejected -0.62");
    }

    @Test
    void onATerminalALineNeverFollowsTheBarOnItsLine() {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text);
        try (ProgressBarListener listener = new ProgressBarListener("sft", err, true)) {
            listener.onStart(1, 10);
            listener.onStep(dpoStep(1, 10));
            listener.onCheckpoint(1, java.nio.file.Path.of("out/checkpoint-1"));
        }
        String output = text.toString();
        assertThat(output).contains("\nsaved out/checkpoint-1\n");
        for (String drawn : output.split("[\r\n]")) {
            assertThat(drawn.length()).as(drawn).isLessThanOrEqualTo(80);
        }
    }
}
