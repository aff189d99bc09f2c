package dev.leanforge.loop.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.TacticState;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.app.PolicyVerticle;
import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The clients against consumers on a real (local) event bus, with nothing but the registered default codecs. */
class BusServicesTest {

    private static final CheckTask TASK = new CheckTask("import Mathlib", "t", "theorem t : 1 + 1 = 2 :=", "by norm_num");
    private static final SamplingParams PARAMS = new SamplingParams(2, 0.5, 0.9, 10, 64, List.of("\n"), 7);

    private final Vertx vertx = Vertx.vertx();
    private final BusAddresses addresses = BusAddresses.unique();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void theLeanClientGetsEachVerbsAnswer() throws Exception {
        Verdict proved = new Verdict.Proved(List.of("propext"),
                List.of(new LeanMessage(LeanMessage.Severity.WARNING, 3, 1, 3, 9, "unused ∀")), Duration.ofNanos(5));
        Verdict failed = new Verdict.Failed("type mismatch", List.of(), List.of(), List.of(), Duration.ofSeconds(1));
        GoalAnswer state = new GoalAnswer.State(new TacticState(
                List.of(new Goal(Optional.empty(), List.of(), "1 + 1 = 2")), List.of()), Duration.ofMillis(3));
        BusCodecs.register(vertx);
        vertx.eventBus().<CheckTask>consumer(addresses.check(), m -> m.reply(m.body().equals(TASK) ? proved : null));
        vertx.eventBus().<CheckTask>consumer(addresses.recheck(), m -> m.reply(failed));
        vertx.eventBus().<CheckTask>consumer(addresses.goals(), m -> m.reply(state));
        LeanService lean = new BusLeanService(vertx, addresses);

        assertThat(await(lean.check(TASK))).isEqualTo(proved);
        assertThat(await(lean.recheck(TASK))).isEqualTo(failed);
        assertThat(await(lean.goals(TASK))).isEqualTo(state);
    }

    @ParameterizedTest
    @EnumSource(BusFailure.class)
    void eachFailureCodeBecomesItsException(BusFailure failure) {
        String reason = "Lean could not be started with lake env lean --server: no such file";
        vertx.eventBus().<CheckTask>consumer(addresses.check(), m -> failure.fail(m, reason));
        LeanService lean = new BusLeanService(vertx, addresses);

        Throwable thrown = failureOf(lean.check(TASK));

        assertThat(thrown).isExactlyInstanceOf(switch (failure) {
            case LEAN_UNAVAILABLE -> LeanUnavailableException.class;
            case CHECK_REFUSED -> CheckRefusedException.class;
            case POLICY_FAILED -> PolicyFailedException.class;
        }).hasMessage(reason).hasCauseInstanceOf(ReplyException.class);
    }

    @Test
    void codesAreDistinct() {
        assertThat(List.of(BusFailure.values())).extracting(BusFailure::code).doesNotHaveDuplicates();
        assertThat(BusFailure.of(BusFailure.CHECK_REFUSED.code())).contains(BusFailure.CHECK_REFUSED);
        assertThat(BusFailure.of(99)).isEmpty();
    }

    @Test
    void anUnknownCodeStillSaysWhoFailedAndWhy() {
        vertx.eventBus().<CheckTask>consumer(addresses.recheck(), m -> m.fail(99, "odd"));

        Throwable thrown = failureOf(new BusLeanService(vertx, addresses).recheck(TASK));

        assertThat(thrown).isExactlyInstanceOf(BusServiceException.class)
                .hasMessageContaining(addresses.recheck()).hasMessageContaining("99").hasMessageContaining("odd");
    }

    @Test
    void noHandlerIsAClearFailure() {
        Throwable thrown = failureOf(new BusLeanService(vertx, addresses).goals(TASK));

        assertThat(thrown).isExactlyInstanceOf(BusServiceException.class)
                .hasMessageContaining("nothing serves " + addresses.goals());
    }

    @Test
    void aLostReplyEndsAtTheBackstopWithAClearFailure() {
        BusCodecs.register(vertx);
        vertx.eventBus().<CheckTask>consumer(addresses.check(), m -> {
            // never answers: only the backstop ends the request
        });

        Throwable thrown = failureOf(BusRequests.request(vertx, addresses.check(), TASK, Duration.ofMillis(50)));

        assertThat(thrown).isExactlyInstanceOf(BusServiceException.class)
                .hasMessageContaining("no reply from " + addresses.check() + " within PT0.05S");
    }

    @Test
    void thePolicyVerticleAnswersAndItsFailureBecomesPolicyFailedException() throws Exception {
        List<Completion> completions = List.of(new Completion("norm_num", Double.NaN), new Completion("simp", -2.5));
        Policy policy = new Policy() {
            @Override
            public List<Completion> complete(String prompt, SamplingParams params) {
                if (prompt.equals("boom")) {
                    throw new IllegalStateException("model file missing");
                }
                return params.equals(PARAMS) ? completions : List.of();
            }

            @Override
            public String describe() {
                return "scripted:test";
            }
        };
        await(vertx.deployVerticle(() -> new PolicyVerticle(policy, addresses.policy()),
                PolicyVerticle.deploymentOptions(1, Duration.ofSeconds(30))));
        PolicyService service = new BusPolicyService(vertx, addresses.policy());

        PolicyReply reply = await(service.complete(new PolicyRequest("theorem t :", PARAMS)));
        Throwable thrown = failureOf(service.complete(new PolicyRequest("boom", PARAMS)));

        assertThat(reply.completions()).isEqualTo(completions);
        assertThat(thrown).isExactlyInstanceOf(PolicyFailedException.class)
                .hasMessage("scripted:test failed: model file missing");
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(Future<?> future) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(future));
        return e.getCause();
    }
}
