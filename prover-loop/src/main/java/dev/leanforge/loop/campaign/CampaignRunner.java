package dev.leanforge.loop.campaign;

import dev.leanforge.loop.app.CheckerVerticle;
import dev.leanforge.loop.app.PolicyVerticle;
import dev.leanforge.loop.bus.BusAddresses;
import dev.leanforge.loop.bus.BusCodecs;
import dev.leanforge.loop.bus.BusLeanService;
import dev.leanforge.loop.bus.BusPolicyService;
import dev.leanforge.loop.bus.LeanService;
import dev.leanforge.loop.bus.PolicyService;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.store.CampaignBusyException;
import dev.leanforge.loop.store.CampaignClaim;
import dev.leanforge.loop.store.LeaseTerms;
import dev.leanforge.loop.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a campaign inside a Vert.x instance: the command line's own, or one that hosts other things (a server).
 *
 * <pre>{@code
 * CampaignPlan plan = CampaignPlans.prepare(config, serverCommand, toolchainVersion);   // blocking: reads the set
 * CampaignRunner.run(vertx, plan, store).onSuccess(summary -> ...);
 * vertx.eventBus().<JsonObject>consumer(CampaignProgress.ADDRESS, m -> ...);            // live progress
 * }</pre>
 * (the events are {@link dev.leanforge.loop.progress.CampaignProgress} objects as JSON).
 *
 * <p>Deploys, for this campaign only: the policy in worker verticle(s) ({@link PolicyVerticle}), Lean behind
 * {@link CheckerVerticle}, and the coordinator; when the campaign ends, however it ends, they are undeployed and the
 * policy closed. The store is the caller's: it stays open.
 */
public final class CampaignRunner {

    /**
     * How long one policy call (or opening the policy) may run on a worker thread before Vert.x reports it blocked:
     * a model sampling many long completions on a CPU is slow, not stuck.
     */
    public static final Duration LONGEST_POLICY_CALL = Duration.ofHours(1);

    private CampaignRunner() {}

    /**
     * Runs {@code plan} to its end, as a new run of this process (see {@link #run(Vertx, CampaignPlan, Store,
     * LeaseTerms)}).
     */
    public static Future<CampaignSummary> run(Vertx vertx, CampaignPlan plan, Store store) {
        return run(vertx, plan, store, LeaseTerms.forThisProcess());
    }

    /**
     * Runs {@code plan} to its end. First the campaign is claimed in the store ({@link Store#claimCampaign}): resumed
     * when one with this spec is still {@code RUNNING}, else created, and leased to this run, which renews the lease
     * while it runs and releases it at the end, however it ends.
     *
     * @return the summary; fails with {@link CampaignSetupException} when the policy or Lean cannot be started or
     *         another live run holds the campaign, and with the cause when the campaign stopped part-way (it stays
     *         resumable)
     */
    public static Future<CampaignSummary> run(Vertx vertx, CampaignPlan plan, Store store, LeaseTerms lease) {
        return run(vertx, plan, store, lease, null);
    }

    /**
     * As {@link #run(Vertx, CampaignPlan, Store, LeaseTerms)}, with Lean served by {@code lean} (the workers of a
     * cluster) instead of a {@link CheckerVerticle} deployed here: {@code plan.lean()} then only gives the limits, and
     * no Lean is started in this process. {@code lean} stays the caller's.
     */
    public static Future<CampaignSummary> run(Vertx vertx, CampaignPlan plan, Store store, LeaseTerms lease,
            LeanService lean) {
        return run(vertx, plan, store, lease, lean, null);
    }

    /**
     * As {@link #run(Vertx, CampaignPlan, Store, LeaseTerms, LeanService)}, with the policy served by {@code policy}
     * (the workers of a cluster offering it) instead of a {@link PolicyVerticle} deployed here: the policy is not
     * opened in this process, and {@code plan.policy()} only gives its description, which the spec records as always.
     * {@code policy} stays the caller's; null: the policy runs here.
     */
    public static Future<CampaignSummary> run(Vertx vertx, CampaignPlan plan, Store store, LeaseTerms lease,
            LeanService lean, PolicyService policy) {
        BusCodecs.register(vertx);
        BusAddresses addresses = BusAddresses.unique();
        Promise<CampaignSummary> outcome = Promise.promise();
        List<String> deployments = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Policy> opened = new AtomicReference<>();
        AtomicReference<CampaignClaim> claimed = new AtomicReference<>();
        WorkerExecutor setup = vertx.createSharedWorkerExecutor("leanforge-policy-setup", 1,
                LONGEST_POLICY_CALL.toMillis(), TimeUnit.MILLISECONDS);

        // Claimed before the policy and Lean start: a campaign another run holds is refused before any of that.
        return vertx.executeBlocking(() -> store.claimCampaign(plan.spec(), lease), false)
                .recover(e -> Future.failedFuture(e instanceof CampaignBusyException
                        ? new CampaignSetupException(e.getMessage(), e) : e))
                .compose(claim -> {
                    claimed.set(claim);
                    if (policy != null) {
                        return Future.succeededFuture((Policy) null);
                    }
                    return setup.executeBlocking(() -> plan.policy().open().get(), false)
                            .recover(e -> Future.failedFuture(new CampaignSetupException("cannot open the policy "
                                    + plan.policy().description() + ": " + e.getMessage(), e)));
                })
                .compose(here -> {
                    if (here == null) {
                        return Future.succeededFuture((String) null);
                    }
                    opened.set(here);
                    return vertx.deployVerticle(() -> new PolicyVerticle(here, addresses.policy()),
                            PolicyVerticle.deploymentOptions(plan.policyWorkers(), LONGEST_POLICY_CALL));
                })
                .compose(id -> {
                    if (id != null) {
                        deployments.add(id);
                    }
                    if (lean != null) {
                        return Future.succeededFuture((String) null);
                    }
                    return vertx.deployVerticle(new CheckerVerticle(plan.lean(), addresses.check(),
                                    addresses.recheck(), addresses.goals()))
                            .recover(e -> Future.failedFuture(new CampaignSetupException(e.getMessage(), e)));
                })
                .compose(id -> {
                    if (id != null) {
                        deployments.add(id);
                    }
                    return vertx.deployVerticle(new CampaignCoordinator(plan, store, claimed.get(), lease,
                            lean != null ? lean : new BusLeanService(vertx, addresses),
                            policy != null ? policy : new BusPolicyService(vertx, addresses.policy()), outcome));
                })
                .compose(id -> {
                    deployments.add(id);
                    return outcome.future();
                })
                .eventually(() -> undeployAll(vertx, deployments)
                        .eventually(() -> close(setup, opened.get()))
                        .eventually(setup::close)
                        .eventually(() -> release(vertx, store, claimed.get(), lease)));
    }

    /** Lets the next run have the campaign at once; if this fails, the lease goes stale after its TTL anyway. */
    private static Future<Void> release(Vertx vertx, Store store, CampaignClaim claim, LeaseTerms lease) {
        if (claim == null) {
            return Future.succeededFuture();
        }
        return vertx.<Void>executeBlocking(() -> {
            store.releaseLease(claim.campaign().id(), lease.self());
            return null;
        }, false).otherwiseEmpty();
    }

    /** Undeploys in reverse order: the coordinator first, the policy last. Failures are ignored: this is cleanup. */
    private static Future<Void> undeployAll(Vertx vertx, List<String> deployments) {
        Future<Void> chain = Future.succeededFuture();
        List<String> reversed = new ArrayList<>(deployments);
        Collections.reverse(reversed);
        for (String id : reversed) {
            chain = chain.eventually(() -> vertx.undeploy(id));
        }
        return chain.otherwiseEmpty();
    }

    private static Future<Void> close(WorkerExecutor setup, Policy policy) {
        if (policy == null) {
            return Future.succeededFuture();
        }
        return setup.executeBlocking(() -> {
            policy.close();
            return null;
        }, false);
    }
}
