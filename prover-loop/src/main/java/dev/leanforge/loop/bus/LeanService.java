package dev.leanforge.loop.bus;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.Future;

/**
 * Lean as a campaign sees it: the three verbs of the bridge's {@code LeanChecker}, asynchronous, wherever Lean runs
 * (verticles of this JVM, {@link BusLeanService}, or workers of a cluster). A future fails only when Lean could not
 * be asked at all (not started, refused the request, no worker left), over the bus with a
 * {@link BusServiceException}; every answer Lean gives is a value.
 */
public interface LeanService {

    /** Checks {@code task} on a warm server. */
    Future<Verdict> check(CheckTask task);

    /** Checks {@code task} again in a fresh Lean process: the authoritative tier. */
    Future<Verdict> recheck(CheckTask task);

    /** The goals left after {@code prefix}'s proof, a tactic prefix, on a warm server. */
    Future<GoalAnswer> goals(CheckTask prefix);
}
