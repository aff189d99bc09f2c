package dev.leanforge.loop.cli;

import dev.leanforge.trainer.training.StepReport;
import dev.leanforge.trainer.training.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Renders a training run on standard error, in at most 80 columns: on a terminal a progress bar redrawn in place
 * (step, loss, DPO's reward accuracy and margin, tokens/s, ETA); elsewhere (a log file, a pipe) plain lines, one
 * every twentieth of the run, with no carriage returns. Evaluations and checkpoints get a line of their own, never
 * glued to the bar.
 */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

    /** Widest line written. */
    static final int COLUMNS = 80;

    private final PrintWriter err;
    private final String task;
    private final boolean interactive;
    private ProgressBar bar;
    private StepReport last;
    private long every = 1;

    ProgressBarListener(String task, PrintWriter err) {
        this(task, err, Terminal.interactive());
    }

    /** @param interactive whether {@code err} is a terminal, where a bar can be redrawn in place */
    ProgressBarListener(String task, PrintWriter err, boolean interactive) {
        this.task = task;
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public void onStart(long firstStep, long totalSteps) {
        if (firstStep > 1) {
            err.println("resuming at step " + firstStep + " of " + totalSteps);
            err.flush();
        }
        every = Math.max(1, totalSteps / 20);
        if (!interactive) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK) // no colour codes: the output is often a log file
                .setUnit("", 1)
                .setInitialMax(totalSteps)
                .startsFrom(firstStep - 1, Duration.ZERO)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r' + line);
                    err.flush();
                }, COLUMNS))
                .build();
    }

    @Override
    public void onStep(StepReport report) {
        last = report;
        if (bar != null) {
            bar.setExtraMessage(numbers(report, false));
            bar.stepTo(report.step());
        } else if (!interactive && (report.step() == 1 || report.step() % every == 0
                || report.step() == report.totalSteps())) {
            err.println(line(task, report));
            err.flush();
        }
    }

    /**
     * One plain progress line, at most {@link #COLUMNS} wide for runs of up to a million steps, e.g.
     * {@code dpo 12/100 loss 0.6931 acc 0.50 margin 0.012 1,234 tok/s ETA 0:01:23}.
     */
    static String line(String task, StepReport report) {
        String line = String.format(Locale.ROOT, "%s %d/%d %s ETA %s", task, report.step(), report.totalSteps(),
                numbers(report, true), eta(report.eta()));
        return line.length() <= COLUMNS ? line : line.substring(0, COLUMNS);
    }

    /** Loss, DPO's reward accuracy and margin, tokens/s; shorter for the bar. */
    private static String numbers(StepReport report, boolean full) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "loss %.4f", report.loss()));
        Double accuracy = report.metrics().get("reward_accuracy");
        Double margin = report.metrics().get("reward_margin");
        if (accuracy != null) {
            text.append(String.format(Locale.ROOT, " acc %.2f", accuracy));
        }
        if (margin != null) {
            text.append(String.format(Locale.ROOT, full ? " margin %.3f" : " mrg %.3f", margin));
        }
        text.append(String.format(Locale.ROOT, " %,.0f tok/s", report.tokensPerSecond()));
        return text.toString();
    }

    private static String eta(Duration eta) {
        long s = eta.getSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    @Override
    public void onEvaluation(long step, Map<String, Double> metrics) {
        printLine("step " + step + ": " + metrics.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
    }

    @Override
    public void onCheckpoint(long step, Path directory) {
        printLine("saved " + directory);
    }

    /** Prints {@code line} on a line of its own: below the bar, which redraws under it. */
    void printLine(String line) {
        if (bar != null) {
            err.println(); // end the bar's line, so the message does not overwrite it or follow it
        }
        err.println(line);
        err.flush();
    }

    /** Short names of DPO's metrics on the summary line. */
    private static final Map<String, String> SHORT = Map.of("reward_accuracy", "accuracy", "reward_margin", "margin",
            "chosen_reward", "chosen", "rejected_reward", "rejected");

    /**
     * The last step's numbers for people, one line of at most {@link #COLUMNS}, e.g. {@code last step: loss 0.6931
     * accuracy 0.750 margin 0.123 chosen -0.50 rejected -0.62}.
     */
    String lastStep() {
        if (last == null) {
            return "last step: none";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "last step: loss %.4f", last.loss()));
        last.metrics().forEach((k, v) -> text.append(String.format(Locale.ROOT,
                k.endsWith("_reward") ? " %s %.2f" : " %s %.3f", SHORT.getOrDefault(k, k), v)));
        return text.length() <= COLUMNS ? text.toString() : text.substring(0, COLUMNS);
    }

    /** The last step's report, for the command's summary. */
    StepReport last() {
        return last;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
            err.println();
            err.flush();
        }
    }
}
