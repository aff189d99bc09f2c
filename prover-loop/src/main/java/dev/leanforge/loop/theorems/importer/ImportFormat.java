package dev.leanforge.loop.theorems.importer;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The inputs {@code theorems import} understands. */
public enum ImportFormat {
    /** miniF2F as JSON lines ({@code name}, {@code split}, {@code header}, {@code statement}); tags by competition. */
    MINIF2F_JSONL("minif2f-jsonl"),
    /** miniCodeProps in the same line format; {@code mathlib_free_candidate} becomes a tag. */
    MINICODEPROPS_JSONL("minicodeprops-jsonl"),
    /** A {@code .lean} file or a folder of them: every theorem whose proof is {@code sorry}. */
    LEAN("lean");

    private final String word;

    ImportFormat(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public static Optional<ImportFormat> parse(String word) {
        return Arrays.stream(values()).filter(f -> f.word.equals(word)).findFirst();
    }

    public static String words() {
        return Arrays.stream(values()).map(ImportFormat::word).collect(Collectors.joining(", "));
    }
}
