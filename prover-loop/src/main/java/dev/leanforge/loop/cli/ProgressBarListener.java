package dev.leanforge.loop.cli;

import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders a training run on standard error: a progress bar with step, loss, tokens/s and ETA, and a line per
 * evaluation and checkpoint. When standard error is not a terminal (a log file, a pipe), no bar is drawn: a line
 * about every tenth of the steps instead, so that redraws never glue other lines onto a bar.
 */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

    private final PrintWriter err;
    private final String task;
    private final boolean interactive;
    private ProgressBar bar;
    private StepReport last;
    private long every = 1;

    ProgressBarListener(String task, PrintWriter err) {
        this(task, err, Terminal.interactive());
    }

    /** @param interactive draw a bar (a terminal) rather than lines (a log file) */
    ProgressBarListener(String task, PrintWriter err, boolean interactive) {
        this.task = task;
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onStart(long firstStep, long totalSteps) {
        if (firstStep > 1) {
            err.println("resuming at step " + firstStep + " of " + totalSteps);
        }
        if (!interactive) {
            every = Math.max(1, totalSteps / 10);
            err.println(task + ": " + totalSteps + " steps");
            err.flush();
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK) // no colour codes: the output is often a log file
                .setUnit(" steps", 1)
                .setInitialMax(totalSteps)
                .startsFrom(firstStep - 1, Duration.ZERO)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, 110))
                .build();
    }

    @Override
    public void onStep(StepReport report) {
        last = report;
        StringBuilder message = new StringBuilder(String.format("loss %.4f, %,.0f tok/s", report.loss(),
                report.tokensPerSecond()));
        report.metrics().forEach((k, v) -> message.append(String.format(", %s %.3f", shortName(k), v)));
        if (bar == null) {
            if (report.step() % every == 0 || report.step() == report.totalSteps()) {
                err.println(task + ": step " + report.step() + "/" + report.totalSteps() + ", " + message);
                err.flush();
            }
            return;
        }
        bar.setExtraMessage(message.toString());
        bar.stepTo(report.step());
    }

    @Override
    public void onEvaluation(long step, Map<String, Double> metrics) {
        printLine("step " + step + ": " + metrics.entrySet().stream()
                .map(e -> String.format("%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
    }

    @Override
    public void onCheckpoint(long step, Path directory) {
        printLine("saved " + directory);
    }

    private void printLine(String line) {
        // Start on a fresh line so the message does not overwrite the bar; the bar redraws below it.
        if (bar != null) {
            err.println();
        }
        err.println(line);
        err.flush();
    }

    private static String shortName(String metric) {
        return metric.replace("reward_", "").replace("_reward", "");
    }

    /** The last step's report, for the command's summary. */
    StepReport last() {
        return last;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
        }
    }
}
