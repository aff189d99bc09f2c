package dev.leanforge.bridge.lsp;

import com.google.gson.JsonObject;

/**
 * The server's answer to {@code initialize}. Capabilities stay raw JSON: their field list grows with Lean versions
 * and leanforge relies on none of them.
 */
public record LeanInitializeResult(ServerInfo serverInfo, JsonObject capabilities) {

    public record ServerInfo(String name, String version) {
    }

    /** "name version" for logs, or "unknown server" when the server did not say. */
    public String describe() {
        if (serverInfo == null) {
            return "unknown server";
        }
        return (serverInfo.name() == null ? "unnamed server" : serverInfo.name())
                + (serverInfo.version() == null ? "" : " " + serverInfo.version());
    }
}
