/**
 * What one proof check is: the task (trusted header and statement, untrusted proof) and the exact document Lean
 * elaborates for it, with the map from positions back to its parts.
 */
package dev.leanforge.bridge.check;
