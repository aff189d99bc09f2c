/**
 * The proof vocabulary every part of a campaign speaks: what was tried ({@link dev.leanforge.loop.proof.Attempt},
 * {@link dev.leanforge.loop.proof.TacticStep} with its {@link dev.leanforge.loop.proof.StepOutcome}), what Lean
 * accepted ({@link dev.leanforge.loop.proof.VerifiedProof}, {@link dev.leanforge.loop.proof.ProofTier}), and what a
 * campaign is ({@link dev.leanforge.loop.proof.CampaignSpec}, {@link dev.leanforge.loop.proof.StatementHash}).
 *
 * <p>Plain immutable values: search produces them, the store persists them, the cluster carries them. Nothing here
 * reads files, talks to Lean or knows about SQL.
 */
package dev.leanforge.loop.proof;
