/**
 * Finding theorems in Lean source without Lean: {@link dev.leanforge.loop.theorems.extract.StatementExtractor} lexes a
 * file with the bridge's lexer and returns an {@link dev.leanforge.loop.theorems.extract.Extraction} of every
 * {@code theorem} and {@code lemma} ({@link dev.leanforge.loop.theorems.extract.Declaration}): where its statement
 * ends and whether its proof is just {@code sorry}.
 *
 * <p>Not a Lean parser: it relies on balanced brackets and the lexer, and leaves elaboration to {@code validate}.
 */
package dev.leanforge.loop.theorems.extract;
