package dev.leanforge.bridge.lsp;

import org.eclipse.lsp4j.TextDocumentItem;

/**
 * {@code textDocument/didOpen} with Lean's {@code dependencyBuildMode} (spec §2). Absent means {@code "always"},
 * which may start a full {@code lake build}; a checker sends {@link #NEVER} and builds its project beforehand.
 */
public record LeanDidOpenParams(TextDocumentItem textDocument, String dependencyBuildMode) {

    public static final String NEVER = "never";

    public static LeanDidOpenParams never(String uri, int version, String text) {
        return new LeanDidOpenParams(new TextDocumentItem(uri, "lean", version, text), NEVER);
    }
}
