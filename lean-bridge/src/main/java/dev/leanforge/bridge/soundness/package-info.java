/**
 * Deciding whether a proof is accepted: the static scan of untrusted proof text before Lean sees it, and the
 * acceptance rules after (no error, no sorry, an axioms answer for exactly the theorem, standard axioms only).
 * Fail closed: what cannot be read is never PROVED.
 */
package dev.leanforge.bridge.soundness;
