package dev.leanforge.loop.theorems;

import dev.leanforge.bridge.check.CheckTask;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One problem of a set, with everything a check needs.
 *
 * @param set         the set's name
 * @param name        the fully qualified name ({@link CheckTask#theoremName()})
 * @param split       train, valid or test
 * @param difficulty  1 to 5 when rated
 * @param tags        free-form labels from the manifest
 * @param file        the {@code .lean} file, relative to the set's folder
 * @param line        1-based line where the statement starts in that file
 * @param column      1-based column (in code points) where it starts
 * @param header      the manifest's header plus any definitions before the statement in its file, exactly as written
 * @param statement   the declaration up to and including {@code :=}, exactly as written (docstring and
 *                    attributes included)
 * @param placeholder what follows {@code :=} in the file, e.g. {@code " by sorry"}; {@code statement + placeholder}
 *                    is the file's text
 * @param docstring   the docstring's text, when the statement has one
 * @param proofs      reference proofs from {@code proofs.jsonl}
 */
public record Theorem(String set, String name, Split split, OptionalInt difficulty, List<String> tags, String file,
                      int line, int column, String header, String statement, String placeholder, Optional<String> docstring,
                      List<ReferenceProof> proofs) {

    public Theorem {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(difficulty, "difficulty");
        tags = List.copyOf(tags);
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(placeholder, "placeholder");
        Objects.requireNonNull(docstring, "docstring");
        proofs = List.copyOf(proofs);
    }

    /** A check of {@code proof} against this theorem's fixed statement. */
    public CheckTask checkTask(String proof) {
        return new CheckTask(header, name, statement, proof);
    }

    /** The statement with its own placeholder proof, as {@code theorems validate} elaborates it. */
    public CheckTask placeholderTask() {
        return checkTask(placeholder.strip());
    }
}
