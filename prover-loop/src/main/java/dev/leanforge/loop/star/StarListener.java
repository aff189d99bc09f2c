package dev.leanforge.loop.star;

import dev.leanforge.trainer.training.TrainingListener;
import java.io.IOException;

/** What a STaR run tells its caller as it goes: the command line draws it, tests watch it. */
public interface StarListener {

    /** A step of {@code round} begins, e.g. {@code search}; {@code detail} says what it does, for people. */
    default void stepStarted(int round, String step, String detail) {}

    /** A step's result was recorded: a killed run continues after it. */
    default void stepDone(int round, String step) {}

    /** Something about round {@code round} worth a line of the log, e.g. that its dataset equals the previous one. */
    default void note(int round, String message) {}

    /** A round finished: its checkpoint and report are in the store. */
    default void roundFinished(RoundReport report) {}

    /** Runs a training with a listener for its progress ({@code task}: {@code sft} or {@code dpo}). */
    default <T> T training(String task, Training<T> body) throws IOException {
        return body.run(TrainingListener.NONE);
    }

    /** A training that reports its progress. */
    @FunctionalInterface
    interface Training<T> {
        T run(TrainingListener progress) throws IOException;
    }

    StarListener QUIET = new StarListener() {};
}
