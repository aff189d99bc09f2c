/**
 * Checking snippets sent by API clients, for {@code leanforge verify-server}:
 * {@link dev.leanforge.loop.verify.SnippetChecker} checks a {@link dev.leanforge.loop.verify.Snippet} (a whole Lean
 * file) on the bridge's warm servers as {@code leanforge check} checks a file, running only headers the
 * {@link dev.leanforge.loop.verify.HeaderTrust} allows; requests and answers are read and written in
 * kimina-lean-server's shapes ({@link dev.leanforge.loop.verify.VerifyRequest},
 * {@link dev.leanforge.loop.verify.KiminaJson}). {@link dev.leanforge.loop.verify.VerifyBenchmark} measures it.
 *
 * <p>A snippet is untrusted input: a refusal is a {@code REJECTED} verdict, never an exception. Serving HTTP is
 * the {@code http} package's job; nothing here opens the store.
 */
package dev.leanforge.loop.verify;
