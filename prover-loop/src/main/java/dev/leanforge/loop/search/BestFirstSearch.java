package dev.leanforge.loop.search;

import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.TacticState;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PromptFormat;
import dev.leanforge.loop.proof.Attempt;
import dev.leanforge.loop.proof.StepOutcome;
import dev.leanforge.loop.proof.TacticStep;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Strategy (b), {@code best-first}: tactic-level best-first search over goal states. A node is a tactic proof so
 * far ({@link TacticStep#ROOT}, then one tactic per line) with the goals Lean shows after it. Expanding a node asks
 * the policy for {@code width} one-tactic completions of the node's goal-state prompt ({@link PromptFormat#tactic}),
 * asks Lean for the goals after each distinct tactic, and stores the expansion's steps. A tactic with an error (or
 * refused by the source policy) prunes its branch; one that leaves goals makes a new node, unless its goal state was
 * seen before in this search or the node would be deeper than {@code depth} tactics; one that leaves no goal gives a
 * candidate proof, submitted as an attempt (warm check, fresh-process recheck, store). The search ends at the first
 * verified proof, after {@code nodes} expansions, or when no node is left.
 *
 * <p><b>Priority</b> is the cumulative log-probability of a node's tactics, highest first; ties go to the node
 * created first. A policy that cannot tell a completion's log-probability ({@code NaN}) has it counted as 0 for the
 * priority, so with such a policy the search is breadth-first in the order the tactics were proposed. The attempt
 * of a candidate proof carries the true sum, unknown if any of its tactics' log-probabilities was.
 *
 * <p><b>Checker failures.</b> A goal-state request that timed out or crashed, or after which Lean kept no tactic
 * state, ends its branch and is stored as an {@link StepOutcome.Undecided} step, never as an error. A candidate proof
 * whose check timed out or crashed is submitted again, at most {@code retries} times per theorem. The root is asked
 * the goals of {@code by} alone; Lean reports the empty tactic block as an error there, so the root's errors are
 * ignored and only its goals count; a root request that timed out or crashed is asked again within the same
 * {@code retries}, and a theorem whose root has no goals to search from ends at once, unproved.
 *
 * <p><b>Resuming.</b> The search is deterministic given the policy's answers, so a resumed theorem replays it: an
 * expansion whose steps an earlier run stored is taken from the store (no policy call, no goal-state request), a
 * candidate proof with a stored decided attempt is not checked again, and a theorem with a stored verified proof is
 * done at once. Only what was not stored is recomputed: expansions that were under way when the campaign stopped
 * (a node's steps are stored together, so a node is either replayed whole or expanded again) and candidate proofs
 * not stored yet.
 *
 * <p>For pass@k the whole search is one sample (pass@1, as published best-first results count one search per
 * theorem): verified if it found a verified proof, failed if it ended without one, and left out when a candidate
 * proof it found was never decided (its checks timed out or crashed every time).
 */
public final class BestFirstSearch implements SearchStrategy {

    public static final String NAME = "best-first";

    private final int width;
    private final int depth;
    private final int nodes;
    private final int retries;

    /**
     * @param width   tactics sampled per expanded node
     * @param depth   most tactics in a proof
     * @param nodes   most expansions per theorem
     * @param retries candidate proofs whose check timed out or crashed that are submitted again, per theorem
     */
    public BestFirstSearch(int width, int depth, int nodes, int retries) {
        if (width < 1 || depth < 1 || nodes < 1 || retries < 0) {
            throw new IllegalArgumentException("need width, depth and nodes >= 1 and retries >= 0, got " + width + ", "
                    + depth + ", " + nodes + ", " + retries);
        }
        this.width = width;
        this.depth = depth;
        this.nodes = nodes;
        this.retries = retries;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> budget() {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("width", width);
        budget.put("depth", depth);
        budget.put("nodes", nodes);
        budget.put("retries", retries);
        return budget;
    }

    @Override
    public Future<Void> search(TheoremSearch search) {
        return new Run(search).start();
    }

    @Override
    public SampleOutcomes samples(List<Attempt> attempts) {
        if (attempts.stream().anyMatch(Outcomes::verified)) {
            return new SampleOutcomes(List.of(true), true);
        }
        Map<String, Boolean> decidedByProof = attempts.stream().collect(Collectors.toMap(Attempt::proof,
                Outcomes::decided, Boolean::logicalOr));
        if (decidedByProof.containsValue(false)) {
            return SampleOutcomes.none(); // a proof it found was never decided: the checker cut the search short
        }
        return new SampleOutcomes(List.of(false), true);
    }

    @Override
    public List<Integer> reportedK() {
        return List.of(1);
    }

    /**
     * A node of the search tree.
     *
     * @param logProb  the sum of its tactics' log-probabilities, NaN when one is unknown
     * @param priority the same sum with unknown ones counted as 0
     * @param order    creation order, for ties
     */
    private record Node(String prefix, String goals, double logProb, double priority, int depth, long order) {
        Node child(TacticStep step) {
            double tactic = step.policyLogProb().orElse(Double.NaN);
            return new Node(step.after(), step.outcome().detail(), logProb + tactic,
                    priority + (Double.isNaN(tactic) ? 0 : tactic), depth + 1, 0);
        }

        Node ordered(long order) {
            return new Node(prefix, goals, logProb, priority, depth, order);
        }
    }

    /** One theorem's search; touched only on the campaign's context. */
    private final class Run {
        private final TheoremSearch search;
        private final Promise<Void> done = Promise.promise();
        private final PriorityQueue<Node> frontier = new PriorityQueue<>(
                Comparator.comparingDouble(Node::priority).reversed().thenComparingLong(Node::order));
        private final Set<String> seenGoals = new HashSet<>();
        /** Steps an earlier run stored, by the prefix of the node they expanded, in the order stored. */
        private final Map<String, List<TacticStep>> storedSteps = new HashMap<>();
        /** Candidate proofs an earlier run (or this one) checked to a decided verdict. */
        private final Set<String> decidedProofs = new HashSet<>();
        private final boolean provedBefore;
        private int undecidedChecks;
        private int expansions;
        private long created;
        private boolean proved;

        Run(TheoremSearch search) {
            this.search = search;
            for (TacticStep step : search.finishedSteps()) {
                storedSteps.computeIfAbsent(step.prefix(), p -> new ArrayList<>()).add(step);
            }
            for (Attempt attempt : search.finished()) {
                if (Outcomes.decided(attempt)) {
                    decidedProofs.add(attempt.proof());
                } else {
                    undecidedChecks++;
                }
            }
            provedBefore = search.finished().stream().anyMatch(Outcomes::verified);
        }

        Future<Void> start() {
            if (provedBefore) {
                return Future.succeededFuture();
            }
            root().onSuccess(root -> {
                root.ifPresent(this::add);
                expandNext();
            }).onFailure(done::tryFail);
            return done.future();
        }

        /** The root node: from the stored expansion of {@code by} when there is one, else from Lean. */
        private Future<Optional<Node>> root() {
            List<TacticStep> stored = storedSteps.get(TacticStep.ROOT);
            if (stored != null) {
                return Future.succeededFuture(Optional.of(rootNode(stored.get(0).goalState())));
            }
            return search.goalsAfter(TacticStep.ROOT).compose(answer -> {
                // Errors are ignored: `by` alone is an empty tactic block, which Lean reports as an error.
                if (answer instanceof GoalAnswer.State state && !state.state().goals().isEmpty()) {
                    return Future.succeededFuture(Optional.of(rootNode(state.state().goalsText())));
                }
                boolean checkersFault = answer instanceof GoalAnswer.Timeout || answer instanceof GoalAnswer.Crashed;
                if (checkersFault && undecidedChecks++ < retries) {
                    return root();
                }
                return Future.succeededFuture(Optional.empty()); // no goal to search from: nothing to expand
            });
        }

        private Node rootNode(String goals) {
            return new Node(TacticStep.ROOT, goals, 0, 0, 0, 0);
        }

        private void add(Node node) {
            if (seenGoals.add(node.goals())) {
                frontier.add(node.ordered(created++));
            }
        }

        /**
         * Expands nodes until the search ends. Expansions replayed from the store complete at once: they run in this
         * loop rather than in callbacks, so a long replay does not deepen the stack.
         */
        private void expandNext() {
            while (!proved && !frontier.isEmpty() && expansions < nodes) {
                Node node = frontier.poll();
                expansions++;
                Future<Void> expanded = expand(node);
                if (!expanded.isComplete()) {
                    expanded.onSuccess(ignored -> expandNext()).onFailure(done::tryFail);
                    return;
                }
                if (expanded.failed()) {
                    done.tryFail(expanded.cause());
                    return;
                }
            }
            done.tryComplete();
        }

        private Future<Void> expand(Node node) {
            List<TacticStep> stored = storedSteps.get(node.prefix());
            Future<List<TacticStep>> steps = stored != null ? Future.succeededFuture(stored) : expandLive(node);
            return steps.compose(children -> {
                List<Node> closed = new ArrayList<>();
                for (TacticStep step : children) {
                    Node child = node.child(step);
                    if (step.outcome() instanceof StepOutcome.Closed) {
                        closed.add(child);
                    } else if (step.outcome() instanceof StepOutcome.Goals && child.depth() < depth) {
                        add(child);
                    }
                }
                return submitInTurn(closed, 0);
            });
        }

        /** Asks the policy for tactics and Lean for the goals after each, then stores the expansion. */
        private Future<List<TacticStep>> expandLive(Node node) {
            return search.completeTactic(PromptFormat.tactic(node.goals()), width).compose(completions -> {
                if (completions.isEmpty()) {
                    return Future.failedFuture(new IllegalStateException("the policy returned no completion for "
                            + search.theorem().name()));
                }
                List<Future<TacticStep>> tried = new ArrayList<>();
                Set<String> tactics = new HashSet<>();
                for (Completion completion : completions) {
                    String tactic = firstLine(completion.text());
                    if (!tactic.isEmpty() && tactics.add(tactic)) {
                        tried.add(search.goalsAfter(TacticStep.extend(node.prefix(), tactic)).map(answer ->
                                new TacticStep(search.theorem().name(), node.prefix(), node.goals(), tactic,
                                        Double.isNaN(completion.logProb()) ? OptionalDouble.empty()
                                                : OptionalDouble.of(completion.logProb()),
                                        outcome(answer))));
                    }
                }
                return Future.all(tried).compose(all -> {
                    List<TacticStep> steps = tried.stream().map(Future::result).toList();
                    return steps.isEmpty() ? Future.succeededFuture(steps) : search.recordSteps(steps).map(steps);
                });
            });
        }

        /** Submits the candidate proofs one at a time, in the order found, until one verifies. */
        private Future<Void> submitInTurn(List<Node> closed, int next) {
            if (proved || next == closed.size()) {
                return Future.succeededFuture();
            }
            Node candidate = closed.get(next);
            if (decidedProofs.contains(candidate.prefix())) {
                return submitInTurn(closed, next + 1); // checked before (a resumed search): not redone
            }
            return search.attemptWhenFree(() -> Optional.of(new Completion(candidate.prefix(), candidate.logProb())))
                    .compose(attempt -> {
                        Attempt checked = attempt.orElseThrow();
                        if (Outcomes.verified(checked)) {
                            proved = true;
                        } else if (Outcomes.decided(checked)) {
                            decidedProofs.add(checked.proof());
                        } else if (undecidedChecks++ < retries) {
                            return submitInTurn(closed, next); // the checker's failure, not the proof's: again
                        }
                        return submitInTurn(closed, next + 1);
                    });
        }
    }

    /** What Lean's answer says about the tactic that led to it. */
    private static StepOutcome outcome(GoalAnswer answer) {
        if (answer instanceof GoalAnswer.State reached) {
            TacticState state = reached.state();
            if (!state.errors().isEmpty()) {
                return new StepOutcome.Error(state.errors().stream().map(LeanMessage::text)
                        .collect(Collectors.joining("\n")));
            }
            return state.goals().isEmpty() ? new StepOutcome.Closed() : new StepOutcome.Goals(state.goalsText());
        }
        if (answer instanceof GoalAnswer.Rejected rejected) {
            return new StepOutcome.Error("refused by the source policy: " + rejected.reason());
        }
        if (answer instanceof GoalAnswer.NoState none) {
            return new StepOutcome.Undecided("no tactic state: " + none.reason());
        }
        if (answer instanceof GoalAnswer.Timeout timeout) {
            return new StepOutcome.Undecided("TIMEOUT: no answer within " + timeout.limit().toMillis() + " ms");
        }
        return new StepOutcome.Undecided("CRASHED: " + ((GoalAnswer.Crashed) answer).reason());
    }

    /** The completion up to its first newline, trimmed: a policy may not honour the stop string. */
    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
    }
}
