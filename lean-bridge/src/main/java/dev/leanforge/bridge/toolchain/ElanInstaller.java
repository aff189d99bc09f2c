package dev.leanforge.bridge.toolchain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Installs a pinned toolchain into leanforge's own elan ({@link ToolchainLocator#leanforgeElanHome()}) with elan's
 * official installer script, {@code elan-init.sh -y --no-modify-path --default-toolchain <pinned>}, run with
 * {@code ELAN_HOME} pointed there: a user's own elan and shell profile are never touched.
 *
 * <p>The script comes from {@value #DEFAULT_SOURCE}, or from {@code LEANFORGE_ELAN_INIT} (a URL or a file; tests and
 * machines without network give a file). A URL is downloaded with a timeout to a temporary file, which is then run
 * with {@code sh}; nothing from the network is piped into a shell. Every step is printed.
 */
public final class ElanInstaller {

    /** elan's official installer script. */
    public static final String DEFAULT_SOURCE = "https://elan.lean-lang.org/elan-init.sh";
    /** Where the installer script comes from instead: a URL or a file. */
    public static final String SOURCE_ENV = "LEANFORGE_ELAN_INIT";
    /** Set (to anything but {@code 0}, {@code false} or nothing) to never install. */
    public static final String NO_INSTALL_ENV = "LEANFORGE_NO_INSTALL";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(2);

    /** The installation failed; the message says why and how to install by hand. */
    public static final class InstallException extends Exception {
        private static final long serialVersionUID = 1L;

        InstallException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ToolchainLocator locator;
    private final Map<String, String> env;

    ElanInstaller(ToolchainLocator locator) {
        this.locator = locator;
        this.env = locator.env();
    }

    /** Whether {@code LEANFORGE_NO_INSTALL} forbids installing. */
    public boolean disabledByEnvironment() {
        String value = env.get(NO_INSTALL_ENV);
        return value != null && !value.isBlank() && !List.of("0", "false", "no")
                .contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** Where the installer script comes from: {@code LEANFORGE_ELAN_INIT}, else {@value #DEFAULT_SOURCE}. */
    public String source() {
        String given = env.get(SOURCE_ENV);
        return given == null || given.isBlank() ? DEFAULT_SOURCE : given.strip();
    }

    /** Where toolchains are installed: leanforge's own {@code ELAN_HOME}. */
    public Path elanHome() {
        return locator.leanforgeElanHome();
    }

    /**
     * Installs {@code pinned} and returns it as found afterwards, printing each step on {@code progress}.
     *
     * @throws InstallException when the script cannot be fetched or run, or leaves no {@code lean} behind; the
     *                          message ends with the steps to install by hand
     */
    public Toolchain install(PinnedToolchain pinned, PrintWriter progress) throws InstallException {
        Path elanHome = elanHome();
        say(progress, "leanforge: installing the pinned Lean toolchain " + pinned + " into " + elanHome
                + " (ELAN_HOME for this install only; ~/.elan and your shell profile are untouched)");
        Path script = null;
        boolean downloaded = false;
        try {
            String source = source();
            if (source.startsWith("http://") || source.startsWith("https://")) {
                script = download(source, pinned, progress);
                downloaded = true;
            } else {
                script = source.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
                if (!Files.isRegularFile(script)) {
                    throw fail(pinned, SOURCE_ENV + "=" + source + " is neither a URL nor a file", null);
                }
                say(progress, "leanforge: using elan's installer from " + script);
            }
            run(script, pinned, elanHome, progress);
        } finally {
            if (downloaded) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
        Path lean = locator.toolchainBin(pinned).resolve("lean");
        if (!Files.isExecutable(lean)) {
            throw fail(pinned, "elan's installer finished, but " + lean + " is not there", null);
        }
        Optional<Toolchain> found = locator.locate(pinned);
        if (found.isEmpty()) {
            throw fail(pinned, "installed " + lean + ", but leanforge does not find it", null);
        }
        say(progress, "leanforge: installed " + pinned + ": " + lean + " ("
                + found.get().version().orElse("`lean --version` failed") + ")");
        return found.get();
    }

    private Path download(String url, PinnedToolchain pinned, PrintWriter progress) throws InstallException {
        say(progress, "leanforge: downloading elan's installer " + url);
        Path file;
        try {
            file = Files.createTempFile("elan-init-", ".sh");
        } catch (IOException e) {
            throw fail(pinned, "cannot create a temporary file: " + e.getMessage(), e);
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD_TIMEOUT).GET().build();
            HttpResponse<Path> response = client.send(request, HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            say(progress, "leanforge: saved it to " + file + " (" + Files.size(file) + " bytes)");
            return file;
        } catch (IOException | IllegalArgumentException e) {
            deleteQuietly(file);
            throw fail(pinned, "cannot download " + url + ": " + e, e);
        } catch (InterruptedException e) {
            deleteQuietly(file);
            Thread.currentThread().interrupt();
            throw fail(pinned, "interrupted while downloading " + url, e);
        }
    }

    private void run(Path script, PinnedToolchain pinned, Path elanHome, PrintWriter progress)
            throws InstallException {
        List<String> command = List.of("sh", script.toString(), "-y", "--no-modify-path", "--default-toolchain",
                pinned.name());
        say(progress, "leanforge: running ELAN_HOME=" + elanHome + " " + String.join(" ", command));
        say(progress, "leanforge: elan downloads itself and the toolchain (a few hundred MB) from GitHub");
        Process process = null;
        try {
            Files.createDirectories(elanHome);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("ELAN_HOME", elanHome.toString());
            process = builder.start();
            process.getOutputStream().close();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    say(progress, "  elan-init: " + line);
                }
            }
            int code = process.waitFor();
            if (code != 0) {
                throw fail(pinned, "elan's installer failed (exit " + code + ")", null);
            }
        } catch (IOException e) {
            throw fail(pinned, "cannot run elan's installer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw fail(pinned, "interrupted while installing", e);
        }
    }

    /** What to do by hand when installing failed or is turned off. */
    public String manualSteps(PinnedToolchain pinned) {
        return String.join("\n",
                "To install it by hand (with network), then run the command again:",
                "  curl -sSfL " + DEFAULT_SOURCE + " -o elan-init.sh",
                "  ELAN_HOME=" + elanHome() + " sh elan-init.sh -y --no-modify-path --default-toolchain "
                        + pinned,
                "or set " + SOURCE_ENV + "=/path/to/elan-init.sh (a copy saved elsewhere) and run the command again,",
                "or set LEANFORGE_LEAN_HOME to a toolchain you have, or use the Docker image (docs/docker.md).");
    }

    private InstallException fail(PinnedToolchain pinned, String why, Throwable cause) {
        return new InstallException("leanforge could not install Lean " + pinned + ": " + why + "\n"
                + manualSteps(pinned), cause);
    }

    private static void say(PrintWriter progress, String line) {
        progress.println(line);
        progress.flush();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }
}
