package dev.leanforge.loop.theorems.importer;

import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.SourceText;
import dev.leanforge.bridge.source.Token;
import java.util.List;

/**
 * The manifest header for texts that will become a set's files: their longest common prefix, shortened so that it
 * ends at the end of a line (or is one text whole) and never inside a comment, string or name. Trailing blank lines
 * of a shortened prefix are dropped: the blank text before a file's first theorem is no part of any header.
 */
final class SharedHeader {

    private SharedHeader() {}

    /** {@code limit} bounds the result (the first problem of any file must not be part of it). */
    static String of(List<String> texts, int limit) {
        if (texts.isEmpty()) {
            return "";
        }
        String first = texts.get(0);
        int n = Math.min(first.length(), limit);
        for (String t : texts) {
            n = Math.min(n, SourceText.commonPrefixLength(first, t));
        }
        final int common = n;
        boolean whole = texts.stream().anyMatch(t -> t.length() == common);
        int cut = whole && common <= limit ? common : first.lastIndexOf('\n', common - 1) + 1;
        // The texts agree up to the cut, but a token may run past it in some of them (Mathlib vs Mathlib.Tactic).
        List<List<Token>> lexed = texts.stream().map(t -> LeanLexer.lex(t).tokens()).toList();
        int previous;
        do {
            previous = cut;
            for (List<Token> tokens : lexed) {
                for (Token t : tokens) {
                    if (t.start() >= cut) {
                        break;
                    }
                    if (cut < t.end()) {
                        cut = first.lastIndexOf('\n', t.start() - 1) + 1;
                    }
                }
            }
        } while (cut != previous);
        if (!(whole && cut == common)) {
            while (cut > 0 && Character.isWhitespace(first.charAt(cut - 1))) {
                cut--;
            }
        }
        return first.substring(0, cut);
    }
}
