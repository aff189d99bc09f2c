package dev.leanforge.loop.store;

import java.time.Instant;
import java.util.Optional;

/**
 * One STaR round.
 *
 * @param run        the STaR run it belongs to (a name chosen by the caller, e.g. from the config), so one store
 *                   can hold several runs
 * @param number     0 for the initial SFT round, then 1, 2, …
 * @param reportJson the round report, once finished
 */
public record Round(long id, String run, int number, RoundStatus status, Instant startedAt,
                    Optional<Instant> finishedAt, Optional<String> reportJson) {
}
