/**
 * A theorem of a user's own {@code .lean} file as the bridge checks it: {@link dev.leanforge.loop.check.TheoremInFile}
 * turns it into a {@code CheckTask} and maps Lean's positions back to the file's lines, and
 * {@link dev.leanforge.loop.check.VerdictJson} writes the result as {@code leanforge check --json} prints it.
 *
 * <p>Shared by {@code leanforge check} and the verification API; it does not run Lean itself.
 */
package dev.leanforge.loop.check;
