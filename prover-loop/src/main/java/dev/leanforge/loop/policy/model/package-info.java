/**
 * The trainer's model as a policy, {@code model:DIR}: {@link dev.leanforge.loop.policy.model.ModelPolicyKind} looks
 * at the directory (one of our checkpoints or a Hugging Face one) and
 * {@link dev.leanforge.loop.policy.model.ModelPolicy} samples from it in-process with DJL.
 *
 * <p>The only policy that loads weights; it trains nothing and goes through the trainer's public types, never its
 * training loop.
 */
package dev.leanforge.loop.policy.model;
