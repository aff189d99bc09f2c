package dev.leanforge.bridge.toolchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ElanInstaller} with a scripted elan-init.sh: never the network, never a real Lean. */
class ToolchainInstallTest {

    @TempDir
    Path tmp;

    private final StringWriter progress = new StringWriter();

    /**
     * A stand-in for elan's installer: records its arguments and ELAN_HOME, and lays out what elan would, a toolchain
     * folder whose {@code lean} prints {@code version} and elan's proxy in {@code $ELAN_HOME/bin}.
     */
    static String fakeElanInit(Path record, String version) {
        return "#!/bin/sh\nset -e\n"
                + "echo \"$@\" > '" + record + "'\n"
                + "echo \"$ELAN_HOME\" >> '" + record + "'\n"
                + "while [ \"$1\" != \"--default-toolchain\" ]; do shift; done\n"
                + "dir=$(echo \"$2\" | sed -e 's|:|---|' -e 's|/|--|')\n"
                + "mkdir -p \"$ELAN_HOME/toolchains/$dir/bin\" \"$ELAN_HOME/bin\"\n"
                + "printf '#!/bin/sh\\necho \"Lean (version " + version + ", x86_64-unknown-linux-gnu, Release)\"\\n' "
                + "> \"$ELAN_HOME/toolchains/$dir/bin/lean\"\n"
                + "cp \"$ELAN_HOME/toolchains/$dir/bin/lean\" \"$ELAN_HOME/bin/lean\"\n"
                + "chmod +x \"$ELAN_HOME/toolchains/$dir/bin/lean\" \"$ELAN_HOME/bin/lean\"\n"
                + "echo \"info: default toolchain set to $2\"\n";
    }

    private Path writeFakeInit(String version) throws IOException {
        return Files.writeString(tmp.resolve("elan-init.sh"), fakeElanInit(tmp.resolve("init-args"), version));
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "");
        env.put("ELAN_HOME", tmp.resolve("users-own-elan").toString()); // the user's elan: must stay untouched
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void installsThePinnedToolchainFromALocalScriptIntoLeanforgesOwnElan() throws Exception {
        Path init = writeFakeInit("4.24.0");
        Path home = Files.createDirectories(tmp.resolve("home"));
        ToolchainLocator locator = new ToolchainLocator(env(ElanInstaller.SOURCE_ENV, init.toString()), home);
        assertThat(locator.locate()).isEmpty();

        Toolchain installed = locator.installer().install(PinnedToolchain.standard(), new PrintWriter(progress));

        Path elanHome = home.resolve(".cache/leanforge/elan");
        assertThat(Files.readAllLines(tmp.resolve("init-args"))).containsExactly(
                "-y --no-modify-path --default-toolchain leanprover/lean4:v4.24.0", elanHome.toString());
        assertThat(installed.lean()).isEqualTo(elanHome.resolve("toolchains/leanprover--lean4---v4.24.0/bin/lean"));
        assertThat(installed.version()).hasValueSatisfying(v -> assertThat(v).contains("version 4.24.0"));
        Toolchain found = locator.locate().orElseThrow();
        assertThat(found.lean()).isEqualTo(installed.lean());
        assertThat(found.source()).contains("leanforge's elan", elanHome.toString());
        assertThat(tmp.resolve("users-own-elan")).doesNotExist();
        assertThat(home.resolve(".elan")).doesNotExist();
        assertThat(progress.toString()).contains("installing the pinned Lean toolchain leanprover/lean4:v4.24.0 into "
                + elanHome, "using elan's installer from " + init, "elan-init: info: default toolchain set to",
                "installed leanprover/lean4:v4.24.0: " + installed.lean());
    }

    @Test
    void xdgCacheHomeMovesLeanforgesElanAndASetsOwnPinIsInstalled() throws Exception {
        Path init = writeFakeInit("4.19.0");
        Path cache = tmp.resolve("xdg");
        ToolchainLocator locator = new ToolchainLocator(env(ElanInstaller.SOURCE_ENV, init.toString(),
                "XDG_CACHE_HOME", cache.toString()), tmp.resolve("home"));
        PinnedToolchain pin = new PinnedToolchain("leanprover/lean4:v4.19.0");

        locator.installer().install(pin, new PrintWriter(progress));

        assertThat(locator.locate(pin).orElseThrow().lean())
                .isEqualTo(cache.resolve("leanforge/elan/toolchains/leanprover--lean4---v4.19.0/bin/lean"));
        assertThat(locator.locate()).as("another pin is not taken for the repository's").isEmpty();
    }

    @Test
    void aDownloadIsSavedToAFileAndThenRunAndTheUrlIsPrinted() throws Exception {
        byte[] script = fakeElanInit(tmp.resolve("init-args"), "4.24.0").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/elan-init.sh", exchange -> {
            exchange.sendResponseHeaders(200, script.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(script);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/elan-init.sh";
            ToolchainLocator locator = new ToolchainLocator(env(ElanInstaller.SOURCE_ENV, url), tmp.resolve("home"));

            locator.installer().install(PinnedToolchain.standard(), new PrintWriter(progress));

            assertThat(locator.locate()).isPresent();
            assertThat(progress.toString()).contains("downloading elan's installer " + url, "saved it to ",
                    "running ELAN_HOME=");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailedDownloadSaysHowToInstallByHand() {
        ToolchainLocator locator = new ToolchainLocator(env(ElanInstaller.SOURCE_ENV, "http://127.0.0.1:1/elan-init.sh"),
                tmp.resolve("home"));

        assertThatThrownBy(() -> locator.installer().install(PinnedToolchain.standard(), new PrintWriter(progress)))
                .isInstanceOf(ElanInstaller.InstallException.class)
                .hasMessageContaining("cannot download http://127.0.0.1:1/elan-init.sh")
                .hasMessageContaining("curl -sSfL https://elan.lean-lang.org/elan-init.sh -o elan-init.sh")
                .hasMessageContaining("--no-modify-path --default-toolchain leanprover/lean4:v4.24.0");
        assertThat(locator.locate()).isEmpty();
    }

    @Test
    void aFailingInstallerScriptIsAnInstallError() throws IOException {
        Path init = Files.writeString(tmp.resolve("broken.sh"), "echo 'error: could not download' >&2\nexit 1\n");
        ToolchainLocator locator = new ToolchainLocator(env(ElanInstaller.SOURCE_ENV, init.toString()),
                tmp.resolve("home"));

        assertThatThrownBy(() -> locator.installer().install(PinnedToolchain.standard(), new PrintWriter(progress)))
                .hasMessageContaining("elan's installer failed (exit 1)").hasMessageContaining("by hand");
        assertThat(progress.toString()).contains("elan-init: error: could not download");
    }

    @Test
    void theDefaultSourceIsElansOfficialScriptAndTheEnvironmentCanTurnInstallingOff() {
        ToolchainLocator plain = new ToolchainLocator(Map.of(), tmp);
        assertThat(plain.installer().source()).isEqualTo("https://elan.lean-lang.org/elan-init.sh");
        assertThat(plain.installer().disabledByEnvironment()).isFalse();
        assertThat(new ToolchainLocator(Map.of(ElanInstaller.NO_INSTALL_ENV, "1"), tmp).installer()
                .disabledByEnvironment()).isTrue();
        assertThat(new ToolchainLocator(Map.of(ElanInstaller.NO_INSTALL_ENV, "0"), tmp).installer()
                .disabledByEnvironment()).isFalse();
    }

    @Test
    void pinnedToolchainNamesAndVersions() {
        PinnedToolchain pin = new PinnedToolchain("leanprover/lean4:v4.24.0\n");
        assertThat(pin.elanDirName()).isEqualTo("leanprover--lean4---v4.24.0");
        assertThat(pin.version()).isEqualTo("4.24.0");
        assertThat(pin.matches("Lean (version 4.24.0, x86_64-unknown-linux-gnu, commit 3, Release)")).isTrue();
        assertThat(pin.matches("Lean (version 4.19.0, x86_64-unknown-linux-gnu, commit 3, Release)")).isFalse();
        assertThatThrownBy(() -> new PinnedToolchain("x; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    }
}
