package dev.leanforge.bridge.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * The server's stdout, reporting when it ends. LSP4J's reader handles each message before reading the next, so
 * when the end is seen every message the server wrote has already been dispatched: a crash is reported only after
 * any final answers were delivered.
 */
final class EndSignallingInputStream extends FilterInputStream {

    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    EndSignallingInputStream(InputStream in) {
        super(in);
    }

    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        return signal(guarded(super::read));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return signal(guarded(() -> super.read(b, off, len)));
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            ended.complete(null);
        }
    }

    private int signal(int n) {
        if (n < 0) {
            ended.complete(null);
        }
        return n;
    }

    private int guarded(IoRead read) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            ended.complete(null);
            throw e;
        }
    }

    @FunctionalInterface
    private interface IoRead {
        int read() throws IOException;
    }
}
