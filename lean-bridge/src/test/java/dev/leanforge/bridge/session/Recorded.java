package dev.leanforge.bridge.session;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The stand-in's {@code --record} file: one JSON object per message it received. */
record Recorded(List<JsonObject> lines) {

    static Recorded read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Recorded(List.of());
        }
        return new Recorded(Files.readAllLines(file).stream().filter(l -> !l.isBlank())
                .map(l -> JsonParser.parseString(l).getAsJsonObject()).toList());
    }

    /** Document methods in order, e.g. {@code textDocument/didOpen}, for one URI or all when null. */
    List<String> documentMethods() {
        return lines.stream().map(l -> l.get("method").getAsString())
                .filter(m -> m.startsWith("textDocument/did")).toList();
    }

    List<JsonObject> withMethod(String method) {
        return lines.stream().filter(l -> l.get("method").getAsString().equals(method)).toList();
    }

    List<String> methods() {
        return lines.stream().map(l -> l.get("method").getAsString()).toList();
    }
}
