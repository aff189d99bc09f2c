/**
 * The closed set of verdicts a check ends in (PROVED, FAILED, REJECTED, TIMEOUT, CRASHED) and the Lean messages
 * they carry.
 */
package dev.leanforge.bridge.verdict;
