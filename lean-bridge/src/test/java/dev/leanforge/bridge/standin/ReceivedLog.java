package dev.leanforge.bridge.standin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.Message;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.messages.RequestMessage;

/**
 * What the stand-in received: with {@code --trace} every message goes to stderr; with {@code --record FILE} each
 * request and notification is appended to FILE as one JSON line
 * {@code {"method", "id"?, "uri"?, "version"?, "dependencyBuildMode"?}} ({@code id}: the request's id, or for
 * {@code $/cancelRequest} the cancelled request's id), so tests can assert what a client sent.
 */
final class ReceivedLog {

    private final Path recordFile;
    private final boolean trace;

    ReceivedLog(Path recordFile, boolean trace) {
        this.recordFile = recordFile;
        this.trace = trace;
    }

    void received(Message message, MessageJsonHandler json) {
        if (trace) {
            System.err.println("stand-in <- " + json.serialize(message));
        }
        if (recordFile == null) {
            return;
        }
        JsonObject line = new JsonObject();
        Object params;
        if (message instanceof RequestMessage request) {
            line.addProperty("method", request.getMethod());
            line.add("id", json.getGson().toJsonTree(request.getRawId().get()));
            params = request.getParams();
        } else if (message instanceof NotificationMessage notification) {
            line.addProperty("method", notification.getMethod());
            params = notification.getParams();
        } else {
            return; // responses to our own requests are not calls of the client
        }
        if (params != null) {
            copyFields(json.getGson().toJsonTree(params), line);
        }
        try {
            // One write per line, appended at once: a crash right after loses nothing already recorded.
            Files.writeString(recordFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("stand-in: cannot append to record file " + recordFile + ": " + e);
        }
    }

    private static void copyFields(JsonElement params, JsonObject line) {
        if (!params.isJsonObject()) {
            return;
        }
        JsonObject object = params.getAsJsonObject();
        JsonObject document = object.has("textDocument") && object.get("textDocument").isJsonObject()
                ? object.getAsJsonObject("textDocument") : object;
        copy(document, "uri", line);
        copy(document, "version", line);
        copy(object, "dependencyBuildMode", line);
        if (!line.has("id")) {
            copy(object, "id", line);
        }
    }

    private static void copy(JsonObject from, String field, JsonObject to) {
        JsonElement value = from.get(field);
        if (value != null && !value.isJsonNull()) {
            to.add(field, value);
        }
    }
}
