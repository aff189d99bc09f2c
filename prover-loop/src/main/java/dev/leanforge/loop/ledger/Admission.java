package dev.leanforge.loop.ledger;

import dev.leanforge.bridge.check.CheckTask;
import java.nio.file.Path;
import java.util.Objects;

/** What {@link LedgerGate} makes of one ledger entry before any Lean runs: a check to run, or why there is none. */
public sealed interface Admission {

    /**
     * @param task   the check, asking {@code #print axioms} about the name the statement declares
     * @param source where its header and statement come from
     */
    record Admitted(CheckTask task, Source source) implements Admission {
        public Admitted {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(source, "source");
        }
    }

    /** The entry contradicts itself or this checkout; {@code reason} is one line, hostile text escaped. */
    record Refused(String reason) implements Admission {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Where an admitted entry's header and statement come from. */
    sealed interface Source {
        /** Equal to those of the theorem in this checkout's set folder. */
        record ThisCheckout(Path setDir) implements Source {}

        /** This checkout has no such set: header and statement are only the ledger's word. */
        record LedgerClaim(Path theoremsDir) implements Source {}
    }
}
