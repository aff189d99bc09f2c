package dev.leanforge.loop.proof;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which checker accepted a recorded proof. Only the authoritative tier records proofs today; the column and the
 * ledger field exist so that a weaker tier could never be mistaken for it.
 */
public enum ProofTier {
    /** A new Lean process checked the complete document ({@code FreshProcessChecker}). */
    FRESH;

    /** The word used in the store and the ledger. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ProofTier ofWord(String word) {
        for (ProofTier tier : values()) {
            if (tier.word().equals(word)) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown proof tier '" + word + "' (known: "
                + Arrays.stream(values()).map(ProofTier::word).collect(Collectors.joining(", ")) + ")");
    }
}
