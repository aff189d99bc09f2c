package dev.leanforge.loop.theorems.importer;

import dev.leanforge.loop.theorems.InputError;
import dev.leanforge.loop.theorems.InvalidInputException;
import dev.leanforge.loop.theorems.Location;
import dev.leanforge.loop.theorems.SetReader;
import dev.leanforge.loop.theorems.StagedSet;
import dev.leanforge.loop.theorems.Theorem;
import dev.leanforge.loop.theorems.TheoremSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes an imported set: into a stage first, read back with {@link SetReader} exactly as any later command will
 * read it, compared theorem by theorem with what the input said (name, header, statement, placeholder), and only
 * then moved into place. Any difference refuses the whole import and leaves nothing behind.
 */
public final class SetImporter {

    private SetImporter() {}

    public static TheoremSet install(Path theoremsDir, ImportedSet imported) throws IOException, InvalidInputException {
        try (StagedSet staged = StagedSet.write(theoremsDir, imported.manifest(), imported.files())) {
            Path target = staged.target();
            TheoremSet read;
            try {
                read = SetReader.read(staged.dir());
            } catch (InvalidInputException e) {
                throw new InvalidInputException(e.errors().stream()
                        .map(error -> relocate(error, staged.dir(), target)).toList());
            }
            compare(imported, read);
            staged.publish();
            return new TheoremSet(target, read.manifest(), read.theorems());
        }
    }

    private static void compare(ImportedSet imported, TheoremSet read) throws InvalidInputException {
        Map<String, Theorem> byName =
                read.theorems().stream().collect(Collectors.toMap(Theorem::name, Function.identity()));
        List<InputError> errors = new ArrayList<>();
        for (ImportedSet.Expected expected : imported.expected()) {
            Theorem theorem = byName.get(expected.name());
            if (theorem == null) {
                errors.add(new InputError(expected.origin(), "theorem \"" + expected.name()
                        + "\" does not read back from the written set under that name"));
            } else if (!theorem.header().equals(expected.header())) {
                errors.add(new InputError(expected.origin(), "the header of \"" + expected.name()
                        + "\" does not survive being written as a set file (it reads back as "
                        + quote(theorem.header()) + "); give it a header that ends with a line break"));
            } else if (!(theorem.statement() + theorem.placeholder()).equals(expected.declaration())) {
                errors.add(new InputError(expected.origin(), "the statement of \"" + expected.name()
                        + "\" does not read back exactly (it reads back as "
                        + quote(theorem.statement() + theorem.placeholder()) + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    /** Errors found in the stage name the file where it would have been written. */
    private static InputError relocate(InputError error, Path stage, Path target) {
        String file = error.where().file();
        String stagePrefix = stage.toString();
        if (!file.startsWith(stagePrefix)) {
            return error;
        }
        Location where = new Location(target + file.substring(stagePrefix.length()), error.where().line(),
                error.where().column());
        return new InputError(where, error.message());
    }

    private static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }
}
