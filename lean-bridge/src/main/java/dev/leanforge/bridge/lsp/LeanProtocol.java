package dev.leanforge.bridge.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/** Wires a {@link LeanClient} to a Lean server over a pair of streams (a process's stdout and stdin). */
public final class LeanProtocol {

    private LeanProtocol() {
    }

    /**
     * An LSP4J launcher whose remote proxy is a {@link LeanLanguageServer}. Call {@code startListening()} on it; the
     * reader loop runs on {@code executor} and occupies one of its threads until {@code fromServer} ends.
     */
    public static Launcher<LeanLanguageServer> connect(LeanClient client, InputStream fromServer,
                                                       OutputStream toServer, ExecutorService executor) {
        return new Launcher.Builder<LeanLanguageServer>()
                .setLocalService(client)
                .setRemoteInterface(LeanLanguageServer.class)
                .setInput(fromServer)
                .setOutput(toServer)
                .setExecutorService(executor)
                .create();
    }
}
