package dev.leanforge.loop.verify;

import java.util.Objects;

/**
 * One whole Lean file sent for checking, as kimina-lean-server's API names it: an id the client traces it by and
 * the file's text (header, then the theorem). leanforge checks the file's last theorem; see {@link SnippetChecker}.
 */
public record Snippet(String id, String code) {
    public Snippet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(code, "code");
    }
}
