package dev.leanforge.loop.theorems.validate;

import dev.leanforge.bridge.server.ServerCommand;
import java.io.IOException;
import java.time.Duration;

/** Opens a {@link StatementElaborator} on a Lean server; {@code theorems validate} gets one of these. */
@FunctionalInterface
public interface StatementElaborators {

    /**
     * @param command how to start Lean (the toolchain found, or the user's {@code --server-cmd})
     * @param timeout wall-clock limit for each statement
     */
    StatementElaborator open(ServerCommand command, Duration timeout) throws IOException;

    /**
     * The elaborators of this build: none yet. The bridge has no public call that elaborates a document and returns
     * its raw diagnostics (its checks refuse {@code sorry} by policy), so validation with Lean says so plainly
     * instead of pretending.
     */
    StatementElaborators NOT_CONNECTED = (command, timeout) -> {
        throw new IOException("validation with Lean is not connected to the Lean bridge in this build: the statement"
                + " elaborator (dev.leanforge.loop.theorems.validate.StatementElaborator) has no implementation yet."
                + " Lean would have been started with: " + String.join(" ", command.argv()));
    };
}
