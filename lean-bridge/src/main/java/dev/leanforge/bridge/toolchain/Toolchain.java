package dev.leanforge.bridge.toolchain;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Lean 4 toolchain found on this machine.
 *
 * @param lean    the {@code lean} executable
 * @param lake    the {@code lake} executable, when the toolchain has one
 * @param source  where it was found, for people ({@code LEANFORGE_LEAN_HOME}, {@code PATH}, {@code ~/.elan})
 * @param version the first line of {@code lean --version}, or empty when it could not be run
 */
public record Toolchain(Path lean, Optional<Path> lake, String source, Optional<String> version) {}
