/**
 * The ledger, a JSONL file of recorded proofs that anyone can check again in a fresh Lean process: its line
 * ({@link dev.leanforge.loop.ledger.LedgerEntry}), a strict reader ({@link dev.leanforge.loop.ledger.LedgerReader}),
 * an atomic writer ({@link dev.leanforge.loop.ledger.LedgerWriter}), and the
 * {@link dev.leanforge.loop.ledger.LedgerGate} that decides, before any Lean runs, which entries may be checked
 * ({@link dev.leanforge.loop.ledger.Admission}).
 *
 * <p>A ledger read from a file is someone else's claim: nothing in an entry is taken on its word that can be derived
 * or compared. Running the checks is {@code ledger verify}'s job; nothing here starts Lean.
 */
package dev.leanforge.loop.ledger;
