package dev.leanforge.bridge.lsp;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.jsonrpc.Launcher;

/** A {@link LeanClient} connected to raw byte pipes, so tests can write and read the exact JSON on the wire. */
final class RawWire implements AutoCloseable {

    final LeanClient client = new LeanClient();
    final LeanLanguageServer remote;
    private final OutputStream toClient;
    private final InputStream fromClient;
    private final Pipe in;
    private final Pipe out;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "raw-wire");
        t.setDaemon(true);
        return t;
    });

    RawWire() throws IOException {
        in = Pipe.open();
        out = Pipe.open();
        toClient = Channels.newOutputStream(in.sink());
        fromClient = Channels.newInputStream(out.source());
        Launcher<LeanLanguageServer> launcher = LeanProtocol.connect(client, Channels.newInputStream(in.source()),
                Channels.newOutputStream(out.sink()), executor);
        remote = launcher.getRemoteProxy();
        launcher.startListening();
    }

    /** Writes one framed JSON-RPC message as a server would. */
    void send(String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        toClient.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        toClient.write(body);
        toClient.flush();
    }

    /** Reads the next framed message the client wrote. */
    JsonObject receive() throws IOException {
        int length = -1;
        for (String line; !(line = readLine()).isEmpty(); ) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        byte[] body = fromClient.readNBytes(length);
        return JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = fromClient.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the client closed its output");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        in.sink().close();
        out.sink().close();
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
