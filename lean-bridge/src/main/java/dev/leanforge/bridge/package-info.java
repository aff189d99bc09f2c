/**
 * The bridge's public surface: what code outside {@code lean-bridge} uses to have Lean judge a proof.
 *
 * <p><b>The entry class.</b> {@link dev.leanforge.bridge.LeanChecker} — {@code check} (warm pool, source policy
 * first), {@code recheck} (fresh process, authoritative), {@code goals} (tactic states), {@code close} — built with
 * {@code LeanChecker.builder().server(command).workers(n).timeout(d).policy(p)…build()}. Callers never pair a
 * {@link dev.leanforge.bridge.pool.CheckerPool} with a {@link dev.leanforge.bridge.session.FreshProcessChecker}
 * themselves.
 *
 * <p><b>Values it takes and gives</b> (records and sealed types, immutable):
 * <ul>
 *   <li>{@link dev.leanforge.bridge.check.CheckTask} — trusted header and statement, untrusted proof;</li>
 *   <li>{@link dev.leanforge.bridge.verdict.Verdict} and {@link dev.leanforge.bridge.verdict.LeanMessage} — the
 *       answer of a check or recheck;</li>
 *   <li>{@link dev.leanforge.bridge.session.GoalAnswer} and {@link dev.leanforge.bridge.session.TacticState} — the
 *       answer of a goal-state request;</li>
 *   <li>{@link dev.leanforge.bridge.LeanChecker.Metrics}, {@link dev.leanforge.bridge.pool.PoolMetrics} —
 *       counters.</li>
 * </ul>
 *
 * <p><b>Settings it is built from:</b> {@link dev.leanforge.bridge.server.ServerCommand} (how Lean starts, sandbox
 * included, see {@link dev.leanforge.bridge.server.SandboxPolicy}),
 * {@link dev.leanforge.bridge.pool.PoolConfig} (every pool setting, when the builder's few are not enough) and
 * {@link dev.leanforge.bridge.soundness.SourcePolicy} (the static scan before Lean).
 *
 * <p><b>Failures its futures can carry:</b> {@link dev.leanforge.bridge.pool.PoolSaturatedException} (backpressure),
 * {@link dev.leanforge.bridge.pool.WorkerStartException} (Lean cannot start),
 * {@link dev.leanforge.bridge.pool.PoolClosedException} (closed first).
 *
 * <p><b>Also public, for their own uses:</b> {@code toolchain} (finding and installing Lean, for {@code doctor} and
 * the commands that start Lean), {@code source} (the Lean lexer, for code that locates theorems in files) and
 * {@code soundness.PolicyResult} (a caller that must know where a policy refusal is). Everything else
 * ({@code lsp}, {@code session.LeanWorker}, {@code session.DocumentSession}, the pool's worker interfaces) is the
 * bridge's machinery: public for tests and the benchmark, not for callers.
 */
package dev.leanforge.bridge;
