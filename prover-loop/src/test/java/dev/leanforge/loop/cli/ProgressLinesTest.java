package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.trainer.training.StepReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Progress written to a log file (not a terminal) is whole lines: no bar redraws for other lines to glue onto. */
class ProgressLinesTest {

    @Test
    void aTrainingWrittenToALogFileIsAboutTwentyLinesWithoutCarriageReturns() {
        StringWriter log = new StringWriter();
        PrintWriter err = new PrintWriter(log);
        try (ProgressBarListener progress = new ProgressBarListener("sft", err, false)) {
            progress.onStart(1, 100);
            for (int step = 1; step <= 100; step++) {
                progress.onStep(new StepReport(step, 100, 1.0 / step, 1e-3, 1.0, 1000, Duration.ZERO, Map.of()));
            }
        }
        err.println("round 1: evaluation on valid");
        err.flush();
        String text = log.toString();
        assertThat(text).doesNotContain("\r");
        // One line every twentieth of the run, the first and the last step, and the evaluation line after them.
        assertThat(text.lines()).hasSize(22).first().asString().startsWith("sft 1/100 loss 1.0000");
        assertThat(text.lines()).contains("round 1: evaluation on valid")
                .anyMatch(l -> l.startsWith("sft 100/100 loss 0.0100"));
    }
}
