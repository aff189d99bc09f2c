/**
 * A deterministic policy for tests and the stand-in campaigns, {@code scripted:FILE}:
 * {@link dev.leanforge.loop.policy.scripted.ScriptedPolicy} answers from regex rules read by
 * {@link dev.leanforge.loop.policy.scripted.ScriptedRules}, registered as
 * {@link dev.leanforge.loop.policy.scripted.ScriptedPolicyKind}.
 *
 * <p>No model and no network: the same prompt and sample count always give the same completions.
 */
package dev.leanforge.loop.policy.scripted;
