package dev.leanforge.loop.cli;

import dev.leanforge.loop.progress.CampaignProgress;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The campaign progress bar on stderr: theorems done of all, solved, checks per second, ETA, drawn from the
 * progress events of the Vert.x instance. A new campaign (another id) gets a new bar, so a STaR run's campaigns
 * each show their own.
 */
final class CampaignProgressBar implements AutoCloseable {

    private final PrintWriter err;
    private final boolean enabled;
    private final boolean interactive;
    private MessageConsumer<JsonObject> consumer;
    private ProgressBar bar;
    private long campaignId = -1;
    private int lastPrinted = -1;

    private CampaignProgressBar(PrintWriter err, boolean enabled, boolean interactive) {
        this.err = err;
        this.enabled = enabled;
        this.interactive = interactive;
    }

    /** Draws the progress events of {@code vertx} until {@link #close}; draws nothing unless {@code enabled}. */
    static CampaignProgressBar attach(Vertx vertx, PrintWriter err, boolean enabled) {
        return attach(vertx, err, enabled, Terminal.interactive());
    }

    /**
     * As {@link #attach(Vertx, PrintWriter, boolean)}; {@code interactive}: a bar redrawn in place, else (a log
     * file, a pipe) a plain line at the campaign's first event, every tenth of its theorems and its end.
     */
    static CampaignProgressBar attach(Vertx vertx, PrintWriter err, boolean enabled, boolean interactive) {
        CampaignProgressBar display = new CampaignProgressBar(err, enabled, interactive);
        // Local: on a clustered bus (campaign run --cluster), other coordinators' campaigns are not this run's.
        display.consumer = vertx.eventBus().localConsumer(CampaignProgress.ADDRESS,
                message -> display.show(CampaignProgress.fromJson(message.body())));
        return display;
    }

    private synchronized void show(CampaignProgress progress) {
        if (!enabled) {
            return;
        }
        if (!interactive) {
            plainLine(progress);
            return;
        }
        if (bar != null && progress.campaignId() != campaignId) {
            closeBar();
        }
        if (bar == null) {
            campaignId = progress.campaignId();
            bar = new ProgressBarBuilder()
                    .setTaskName("campaign " + progress.campaignId())
                    .setStyle(ProgressBarStyle.UNICODE_BLOCK) // no colour codes: the output is often a log file
                    .setUnit(" theorems", 1)
                    .setInitialMax(progress.theoremsTotal())
                    .showSpeed()
                    .setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r' + line);
                        err.flush();
                    }, 120))
                    .build();
        }
        bar.stepTo(progress.theoremsDone());
        bar.setExtraMessage(String.format(Locale.ROOT, " solved %d, %.1f checks/s", progress.solved(),
                progress.checksPerSecond()));
        if (progress.finished()) {
            closeBar(); // ends the bar's line now, so whatever is printed next starts on a line of its own
        }
    }

    private void plainLine(CampaignProgress progress) {
        int every = Math.max(1, progress.theoremsTotal() / 10);
        boolean first = progress.campaignId() != campaignId;
        if (first) {
            campaignId = progress.campaignId();
            lastPrinted = -1;
        }
        int done = progress.theoremsDone();
        if (first || progress.finished() || done / every > lastPrinted / every) {
            lastPrinted = done;
            err.println(String.format(Locale.ROOT, "campaign %d: %d/%d theorems, solved %d, %.1f checks/s%s",
                    progress.campaignId(), done, progress.theoremsTotal(), progress.solved(),
                    progress.checksPerSecond(), progress.finished() ? ", finished" : ""));
            err.flush();
        }
    }

    /** Ends the bar on its own line and stops listening; may be called more than once. */
    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.unregister();
            consumer = null;
        }
        closeBar();
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
            err.println();
            err.flush();
        }
    }
}
