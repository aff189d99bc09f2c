package dev.leanforge.loop.store;

import dev.leanforge.loop.proof.AttemptKey;

/**
 * An attempt with the same (campaign, theorem, attempt index) is already finished. A resumed campaign must skip
 * the pairs {@link Store#finishedAttempts(long)} returns; getting this means it did not.
 */
public final class DuplicateAttemptException extends StoreException {

    public DuplicateAttemptException(AttemptKey key, long campaignId, Throwable cause) {
        super("attempt " + key.attemptIndex() + " of theorem " + key.theorem() + " in campaign " + campaignId
                + " is already finished; a resumed campaign must skip the pairs finishedAttempts() returns", cause);
    }
}
