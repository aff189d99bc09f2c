package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyReply;
import dev.leanforge.loop.bus.PolicyRequest;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.TacticStep;
import dev.leanforge.loop.proof.VerifiedProof;
import dev.leanforge.loop.theorems.Split;
import dev.leanforge.loop.theorems.Theorem;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test doubles for the campaign's collaborators: Lean and the policy answer with promises the test completes, the
 * store writer runs inline and records, the ticker moves only when told. Nothing here sleeps.
 */
final class CampaignFakes {

    static final Theorem TWO = theorem("two");

    private CampaignFakes() {}

    static Theorem theorem(String name) {
        return new Theorem("tiny", name, Split.TRAIN, OptionalInt.empty(), List.of(), "A.lean", 3, 1, "-- tiny",
                "theorem " + name + " (n : Nat) : n + 0 = n :=", " by sorry", Optional.empty(), List.of());
    }

    static Verdict.Proved proved(long millis) {
        return new Verdict.Proved(List.of(), List.of(), Duration.ofMillis(millis));
    }

    static Verdict.Failed failed(String reason, long millis) {
        return new Verdict.Failed(reason, List.of(), List.of(), List.of(), Duration.ofMillis(millis));
    }

    static Verdict.Crashed crashed(long millis) {
        return new Verdict.Crashed("worker died", Duration.ofMillis(millis));
    }

    /** Runs {@code work} on {@code context} and waits for its result; tasks the work queued there run first. */
    static <T> T on(Context context, Callable<T> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            try {
                done.complete(work.call());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    /** Runs {@code work} on {@code context} and waits until it ran. */
    static void run(Context context, Runnable work) throws Exception {
        on(context, () -> {
            work.run();
            return null;
        });
    }

    /** A ticker that moves only by {@link #advance}. */
    static final class FakeTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration by) {
            nanos.addAndGet(by.toNanos());
        }
    }

    /** A request the test answers by completing its promise. */
    record Pending<Q, A>(Q request, Promise<A> promise) {}

    /** Lean whose every answer is a promise the test completes; counts what is in flight. */
    static final class FakeLean implements LeanService {
        final List<Pending<CheckTask, Verdict>> checks = new CopyOnWriteArrayList<>();
        final List<Pending<CheckTask, Verdict>> rechecks = new CopyOnWriteArrayList<>();
        final List<Pending<CheckTask, GoalAnswer>> goals = new CopyOnWriteArrayList<>();
        int outstanding;
        int mostOutstanding;
        /** The context of the latest request: where the test completes the answers. */
        volatile Context context;

        @Override
        public Future<Verdict> check(CheckTask task) {
            return track(checks, task);
        }

        @Override
        public Future<Verdict> recheck(CheckTask task) {
            return track(rechecks, task);
        }

        @Override
        public Future<GoalAnswer> goals(CheckTask prefix) {
            return track(goals, prefix);
        }

        /** Waits (at most 10 s, without polling) until {@code n} warm checks were asked for. */
        synchronized void awaitChecks(int n) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (checks.size() < n && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            if (checks.size() < n) {
                throw new AssertionError("expected " + n + " checks, got " + checks.size());
            }
        }

        private <A> Future<A> track(List<Pending<CheckTask, A>> list, CheckTask task) {
            Promise<A> promise = Promise.promise();
            context = Vertx.currentContext();
            synchronized (this) {
                list.add(new Pending<>(task, promise));
                notifyAll();
            }
            outstanding++;
            mostOutstanding = Math.max(mostOutstanding, outstanding);
            return promise.future().andThen(done -> outstanding--);
        }
    }

    /** A policy whose every reply is a promise the test completes. */
    static final class FakePolicy implements PolicyService {
        final List<Pending<PolicyRequest, PolicyReply>> requests = new CopyOnWriteArrayList<>();

        @Override
        public Future<PolicyReply> complete(PolicyRequest request) {
            Promise<PolicyReply> promise = Promise.promise();
            requests.add(new Pending<>(request, promise));
            return promise.future();
        }
    }

    /** One stored attempt, as the fake store writer saw it. */
    record Written(Attempt attempt, Optional<VerifiedProof> proof) {}

    /** Runs store work inline and records the writes; each write takes {@code writeTime} of the fake ticker. */
    static final class FakeStoreWriter implements StoreWriter {
        final List<Written> attempts = new CopyOnWriteArrayList<>();
        final List<List<TacticStep>> steps = new CopyOnWriteArrayList<>();
        private final FakeTicker ticker;
        private final Duration writeTime;

        FakeStoreWriter(FakeTicker ticker, Duration writeTime) {
            this.ticker = ticker;
            this.writeTime = writeTime;
        }

        @Override
        public <T> Future<T> onStoreThread(Callable<T> blocking) {
            try {
                return Future.succeededFuture(blocking.call());
            } catch (Exception e) {
                return Future.failedFuture(e);
            }
        }

        @Override
        public void addAttempt(Attempt attempt, Optional<VerifiedProof> proof) {
            ticker.advance(writeTime);
            attempts.add(new Written(attempt, proof));
        }

        @Override
        public void addTacticSteps(long campaignId, List<TacticStep> steps) {
            ticker.advance(writeTime);
            this.steps.add(List.copyOf(steps));
        }
    }
}
