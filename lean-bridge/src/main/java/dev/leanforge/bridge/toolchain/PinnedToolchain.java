package dev.leanforge.bridge.toolchain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A toolchain as a {@code lean-toolchain} file names it ({@code leanprover/lean4:v4.24.0}): what a theorem set or the
 * repository pins, and what leanforge installs when no Lean is found.
 *
 * @param name the {@code lean-toolchain} line, e.g. {@code leanprover/lean4:v4.24.0}
 */
public record PinnedToolchain(String name) {

    /** The repository's pin: the root {@code lean-toolchain} file, the sets' manifests and docker/Dockerfile agree. */
    public static final String DEFAULT = "leanprover/lean4:v4.24.0";

    private static final Pattern LEAN_VERSION = Pattern.compile("\\bversion ([0-9][^,\\s)]*)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+/[A-Za-z0-9._-]+:[A-Za-z0-9._+-]+"
            + "|[A-Za-z0-9._+-]+");

    public PinnedToolchain {
        name = name.strip();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a toolchain as a lean-toolchain file names one "
                    + "(e.g. leanprover/lean4:v4.24.0): \"" + name + "\"");
        }
    }

    /** The repository's pin, {@link #DEFAULT}. */
    public static PinnedToolchain standard() {
        return new PinnedToolchain(DEFAULT);
    }

    /** The first non-blank line of a {@code lean-toolchain} file; empty when there is no such file or line. */
    public static Optional<PinnedToolchain> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty()).findFirst().map(PinnedToolchain::new);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The version part: {@code 4.24.0} for {@code leanprover/lean4:v4.24.0} (a leading {@code v} dropped). */
    public String version() {
        String v = name.substring(name.indexOf(':') + 1);
        return v.startsWith("v") ? v.substring(1) : v;
    }

    /** The folder elan keeps it in under {@code $ELAN_HOME/toolchains}: {@code leanprover--lean4---v4.24.0}. */
    public String elanDirName() {
        return name.replace(":", "---").replace("/", "--");
    }

    /** The version in a {@code lean --version} line ({@code Lean (version 4.24.0, …)}), else the line itself. */
    public static String versionOf(String leanVersionLine) {
        Matcher m = LEAN_VERSION.matcher(leanVersionLine);
        return m.find() ? m.group(1) : leanVersionLine.strip();
    }

    /** Whether a {@code lean --version} line names this toolchain's version. */
    public boolean matches(String leanVersionLine) {
        return versionOf(leanVersionLine).equals(version());
    }

    @Override
    public String toString() {
        return name;
    }
}
