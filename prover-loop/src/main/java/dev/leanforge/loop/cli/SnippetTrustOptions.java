package dev.leanforge.loop.cli;

import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import dev.leanforge.loop.verify.HeaderTrust;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which headers of whole-file snippets (the verification API, {@code check --jsonl}) are run: see
 * {@link HeaderTrust} and docs/verify-api.md, "Trust model".
 */
public final class SnippetTrustOptions {

    static final Path DEFAULT_THEOREMS_DIR = Path.of("theorems");

    @Option(names = "--trust-headers",
            description = "Run every snippet's header (the text before its theorem) as given. Headers are trusted "
                    + "code: use this only when whoever sends snippets may run code here. Default: only allowed headers.")
    boolean trustHeaders;

    @Option(names = "--allow-header", paramLabel = "FILE",
            description = "A header snippets may use: the file's whole text (repeatable). Empty and comment-only "
                    + "headers and the headers of the theorem sets are always allowed.")
    List<Path> allowHeaders = new ArrayList<>();

    @Option(names = "--theorems-dir", paramLabel = "DIR",
            description = "Theorem sets whose headers snippets may use (default: ./theorems when it exists).")
    Path theoremsDir;

    HeaderTrust headerTrust() {
        if (trustHeaders) {
            return HeaderTrust.trustAll();
        }
        List<String> headers = new ArrayList<>();
        for (Path file : allowHeaders) {
            try {
                headers.add(Files.readString(file));
            } catch (NoSuchFileException e) {
                throw new CliError("--allow-header " + file + ": no such file");
            } catch (CharacterCodingException e) {
                throw new CliError("--allow-header " + file + ": not UTF-8 text");
            } catch (IOException e) {
                throw new CliError("--allow-header " + file + ": cannot read: " + e.getMessage(), e);
            }
        }
        Path dir = theoremsDir != null ? theoremsDir : DEFAULT_THEOREMS_DIR;
        if (theoremsDir != null && !Files.isDirectory(dir)) {
            throw new CliError("--theorems-dir " + dir + ": no such directory");
        }
        if (Files.isDirectory(dir)) {
            try {
                for (Path setDir : SetReader.setDirs(dir)) {
                    TheoremSet set = SetReader.read(setDir);
                    set.theorems().stream().map(Theorem::header).forEach(headers::add);
                }
            } catch (IOException e) {
                throw new CliError(dir + ": cannot list the theorem sets: " + e.getMessage(), e);
            } catch (InvalidInputException e) {
                throw new CliError("a theorem set under " + dir + " cannot be read, so its headers cannot be allowed: "
                        + e.getMessage(), e);
            }
        }
        return HeaderTrust.allowing(headers);
    }
}
