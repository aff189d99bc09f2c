package dev.leanforge.loop.theorems.validate;

import dev.leanforge.bridge.server.ServerCommand;
import java.io.IOException;
import java.time.Duration;

/**
 * Opens a {@link StatementElaborator} on Lean servers; {@code theorems validate} gets one of these, so tests can
 * give it a scripted one. The real one is {@link PoolStatementElaborator#FACTORY}.
 */
@FunctionalInterface
public interface StatementElaborators {

    /**
     * @param command how to start Lean (the toolchain found, or the user's {@code --server-cmd})
     * @param timeout wall-clock limit for each statement
     * @param workers how many Lean servers to run at once
     * @throws IOException when Lean cannot be started
     */
    StatementElaborator open(ServerCommand command, Duration timeout, int workers) throws IOException;
}
