/**
 * Theorem sets on disk ({@code theorems/<name>/}, docs/theorem-sets.md): {@link dev.leanforge.loop.theorems.SetReader}
 * reads a folder into a {@link dev.leanforge.loop.theorems.TheoremSet} of {@link dev.leanforge.loop.theorems.Theorem}s
 * after checking that the {@link dev.leanforge.loop.theorems.Manifest}, the Lean files and the
 * {@link dev.leanforge.loop.theorems.ReferenceProof}s agree; {@link dev.leanforge.loop.theorems.Splitter} re-splits
 * deterministically and {@link dev.leanforge.loop.theorems.StagedSet} publishes a new set in one rename. Every
 * problem is reported at its {@link dev.leanforge.loop.theorems.Location}.
 *
 * <p>Reading a set never starts Lean: statements are located with the bridge's lexer ({@code extract}); checking that
 * they elaborate is {@code validate}'s job, making sets from other formats {@code importer}'s.
 */
package dev.leanforge.loop.theorems;
