package dev.leanforge.bridge.verdict;

import dev.leanforge.bridge.goal.Goal;
import java.time.Duration;
import java.util.List;

/**
 * What Lean said about one candidate proof: a closed set of outcomes.
 *
 * <p>Only {@link Proved} and {@link Failed} are evidence about the proof. {@link Timeout} and {@link Crashed}
 * say something about the checker, never about the proof, and must not be used as negative examples.
 */
public sealed interface Verdict {

    /** How long the check took, from submission to the final answer. */
    Duration elapsed();

    /** The status word used on the CLI, in JSON and in the store. */
    Status status();

    /** What Lean said in its final answer; empty where there was none (REJECTED, TIMEOUT, CRASHED). */
    default List<LeanMessage> messages() {
        return List.of();
    }

    /** The axioms {@code #print axioms} listed for the theorem; empty where no answer was seen. */
    default List<String> axioms() {
        return List.of();
    }

    enum Status { PROVED, FAILED, REJECTED, TIMEOUT, CRASHED }

    /**
     * Lean accepted the proof: no error in the document, the target constant exists under its exact name, and
     * {@code #print axioms} for it listed only allowed axioms.
     */
    record Proved(List<String> axioms, List<LeanMessage> messages, Duration elapsed) implements Verdict {
        public Proved {
            axioms = List.copyOf(axioms);
            messages = List.copyOf(messages);
        }

        @Override
        public Status status() {
            return Status.PROVED;
        }
    }

    /**
     * Lean elaborated the document and did not accept the proof: errors, {@code sorry}, forbidden axioms, or a
     * missing target constant. {@code reason} is a one-line summary for people.
     */
    record Failed(String reason, List<LeanMessage> messages, List<Goal> unsolvedGoals, List<String> axioms,
                  Duration elapsed) implements Verdict {
        public Failed {
            messages = List.copyOf(messages);
            unsolvedGoals = List.copyOf(unsolvedGoals);
            axioms = List.copyOf(axioms);
        }

        @Override
        public Status status() {
            return Status.FAILED;
        }
    }

    /** The static source policy refused the candidate before Lean saw it (spec §7.5). */
    record Rejected(String reason, Duration elapsed) implements Verdict {
        @Override
        public Status status() {
            return Status.REJECTED;
        }
    }

    /** No final answer within the wall-clock limit; the request was cancelled. */
    record Timeout(Duration limit, Duration elapsed) implements Verdict {
        @Override
        public Status status() {
            return Status.TIMEOUT;
        }
    }

    /** The Lean process or worker died, or the protocol broke, before a final answer. */
    record Crashed(String reason, Duration elapsed) implements Verdict {
        @Override
        public Status status() {
            return Status.CRASHED;
        }
    }
}
