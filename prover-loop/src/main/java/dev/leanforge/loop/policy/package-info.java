/**
 * Where proofs come from: the {@link dev.leanforge.loop.policy.Policy} interface (text for a prompt, with sampling
 * settings per call), the kinds {@code --policy KIND:ARGUMENT} can name ({@link dev.leanforge.loop.policy.PolicyKind},
 * registered in {@link dev.leanforge.loop.policy.PolicyKinds}) with their settings
 * ({@link dev.leanforge.loop.policy.PolicySettings}), and the one place every prompt is written,
 * {@link dev.leanforge.loop.policy.PromptFormat}, so that training data and search agree.
 *
 * <p>The implementations are in the sub-packages {@code model}, {@code openai} and {@code scripted}. A policy only
 * proposes text: nothing here talks to Lean or the store, and its calls block, so they never run on an event loop.
 */
package dev.leanforge.loop.policy;
