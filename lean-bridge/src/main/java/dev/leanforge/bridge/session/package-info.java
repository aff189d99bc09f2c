/**
 * One worker's conversation with a Lean server: documents, the completion barrier, and turning final diagnostics,
 * time-outs and crashes into verdicts.
 */
package dev.leanforge.bridge.session;
