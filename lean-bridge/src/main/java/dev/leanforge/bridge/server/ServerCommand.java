package dev.leanforge.bridge.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * How to start one Lean server: the command line and the directory it runs in (Lean ignores {@code rootUri} and
 * resolves imports from its working directory, spec §1.2).
 *
 * @param argv      program and arguments, as {@link ProcessBuilder} takes them
 * @param directory the project root the server runs in
 */
public record ServerCommand(List<String> argv, Path directory) {

    /** Headless clients want reports at once instead of after the 200 ms editor debounce (spec §1.1). */
    public static final String REPORT_DELAY_OPTION = "-Dserver.reportDelayMs=0";

    public ServerCommand {
        argv = List.copyOf(argv);
        Objects.requireNonNull(directory, "directory");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty server command");
        }
        directory = directory.toAbsolutePath().normalize();
    }

    /**
     * The command an editor would use for {@code projectDir}, with {@code lake}/{@code lean} found on the PATH:
     * {@code lake serve -- -Dserver.reportDelayMs=0} where the directory has {@code lakefile.lean} or
     * {@code lakefile.toml}, else {@code lean --server -Dserver.reportDelayMs=0}.
     */
    public static ServerCommand standard(Path projectDir) {
        return standard(projectDir, null);
    }

    /** Like {@link #standard(Path)}, with the executables taken from a toolchain's {@code bin} directory. */
    public static ServerCommand standard(Path projectDir, Path toolchainBin) {
        requireDirectory(projectDir);
        boolean lakeProject = Files.isRegularFile(projectDir.resolve("lakefile.lean"))
                || Files.isRegularFile(projectDir.resolve("lakefile.toml"));
        List<String> argv = lakeProject
                ? List.of(executable(toolchainBin, "lake"), "serve", "--", REPORT_DELAY_OPTION)
                : List.of(executable(toolchainBin, "lean"), "--server", REPORT_DELAY_OPTION);
        return new ServerCommand(argv, projectDir);
    }

    /** A user-supplied command line ({@code --server-cmd}), run as {@code sh -c commandLine} in {@code projectDir}. */
    public static ServerCommand shell(String commandLine, Path projectDir) {
        Objects.requireNonNull(commandLine, "commandLine");
        if (commandLine.isBlank()) {
            throw new IllegalArgumentException("the server command is blank");
        }
        requireDirectory(projectDir);
        return new ServerCommand(List.of("sh", "-c", commandLine), projectDir);
    }

    ProcessBuilder processBuilder() {
        return new ProcessBuilder(new ArrayList<>(argv)).directory(directory.toFile());
    }

    /** The command as a shell would show it, and where it runs: {@code lean --server … (in /work/project)}. */
    @Override
    public String toString() {
        return argv.stream().map(ServerCommand::quote).collect(Collectors.joining(" ")) + " (in " + directory + ")";
    }

    private static String executable(Path toolchainBin, String name) {
        return toolchainBin == null ? name : toolchainBin.resolve(name).toString();
    }

    private static void requireDirectory(Path projectDir) {
        Objects.requireNonNull(projectDir, "projectDir");
        if (!Files.isDirectory(projectDir)) {
            throw new IllegalArgumentException("Lean project directory " + projectDir.toAbsolutePath()
                    + " does not exist or is not a directory; pass the root of a Lean project (or any directory "
                    + "for core-only files)");
        }
    }

    private static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || "'\"\\$`!*?;&|<>()".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
