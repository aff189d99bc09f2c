/**
 * {@code theorems validate}: {@link dev.leanforge.loop.theorems.validate.SetValidator} checks that every statement of a
 * set elaborates with nothing but its placeholder's {@code sorry} warning. Lean is reached only through the
 * {@link dev.leanforge.loop.theorems.validate.StatementElaborator} interface, opened by
 * {@link dev.leanforge.loop.theorems.validate.StatementElaborators}; the real one,
 * {@link dev.leanforge.loop.theorems.validate.PoolStatementElaborator}, runs on the bridge's warm servers.
 *
 * <p>The one part of {@code theorems} that talks to Lean; tests give it a scripted elaborator instead.
 */
package dev.leanforge.loop.theorems.validate;
