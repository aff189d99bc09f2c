package dev.leanforge.loop.store;

import java.util.Locale;

/**
 * Which checker accepted a recorded proof. Only the authoritative tier records proofs today; the column and the
 * ledger field exist so that a weaker tier could never be mistaken for it.
 */
public enum ProofTier {
    /** A new Lean process checked the complete document ({@code FreshProcessChecker}). */
    FRESH;

    /** The word used in the store and the ledger. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ProofTier ofWord(String word) {
        for (ProofTier tier : values()) {
            if (tier.word().equals(word)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown proof tier '" + word + "' (known: fresh)");
    }
}
