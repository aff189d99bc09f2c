package dev.leanforge.bridge.source;

import java.util.Arrays;

/**
 * Line and column of offsets in a text, for messages: lines and columns are 1-based and columns count Unicode
 * code points, the way editors jump to {@code file:line:column}.
 */
public final class SourceText {

    private final String text;
    private final int[] lineStarts;

    public SourceText(String text) {
        this.text = text;
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, n);
    }

    public String text() {
        return text;
    }

    /** 1-based line of {@code offset}. */
    public int line(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** 1-based column of {@code offset}, in code points. */
    public int column(int offset) {
        int lineStart = lineStarts[line(offset) - 1];
        return text.codePointCount(lineStart, offset) + 1;
    }

    /** Offset of the first char of 1-based {@code line}. */
    public int lineStart(int line) {
        return lineStarts[line - 1];
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /** How many leading chars {@code a} and {@code b} share: the offset where they first differ. */
    public static int commonPrefixLength(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }
}
