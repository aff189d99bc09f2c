/**
 * The store, one SQLite file: {@link dev.leanforge.loop.store.Store} records campaigns, attempts, tactic steps,
 * verified proofs, STaR rounds and checkpoints, crash-safe (WAL, {@code synchronous=FULL}, each write in one transaction)
 * and with forward-only schema migrations. It hands back stored forms of the {@code proof} package's values
 * ({@link dev.leanforge.loop.store.StoredAttempt}, {@link dev.leanforge.loop.store.RecordedProof},
 * {@link dev.leanforge.loop.store.Campaign}, {@link dev.leanforge.loop.store.Round}, …) and arbitrates which run holds
 * a campaign ({@link dev.leanforge.loop.store.Lease}, {@link dev.leanforge.loop.store.LeaseTerms}).
 *
 * <p>The only package that knows SQL, and it knows nothing else: no Lean, no Vert.x, no policy. Failures are
 * {@link dev.leanforge.loop.store.StoreException}s that say what to do.
 */
package dev.leanforge.loop.store;
