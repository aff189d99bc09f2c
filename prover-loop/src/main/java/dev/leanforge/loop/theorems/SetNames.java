package dev.leanforge.loop.theorems;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for set names (docs/theorem-sets.md §1): letters, digits, {@code .}, {@code _} and {@code -},
 * starting with a letter or digit. A set name becomes a folder name under {@code theorems/} and appears in ledgers,
 * so it must never be a path: the rule leaves out separators, and the first character leaves out {@code .} and
 * {@code ..}. Every place that takes a set name from a person checks it here before touching the file system.
 */
public final class SetNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private SetNames() {}

    /** Why {@code name} cannot name a set, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of("\"" + name + "\" is not a set name: use letters, digits, '.', '_' and '-', starting with"
                + " a letter or digit");
    }

    /**
     * The folder of set {@code name} under {@code theoremsDir}.
     *
     * @throws IllegalArgumentException with {@link #problem}'s message when {@code name} is not a set name
     */
    public static Path dir(Path theoremsDir, String name) {
        problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return theoremsDir.resolve(name);
    }
}
