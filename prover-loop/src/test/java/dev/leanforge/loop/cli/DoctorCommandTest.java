package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leanforge.bridge.toolchain.ToolchainLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DoctorCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int doctor(Map<String, String> env, String... args) {
        DoctorCommand doctor = new DoctorCommand();
        doctor.locator = new ToolchainLocator(env, tmp);
        doctor.sandbox.env = env;
        return new CommandLine(doctor).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    private Path workingBwrap() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("sb"));
        Path bwrap = bin.resolve("bwrap");
        Files.writeString(bwrap, "#!/bin/sh\nwhile [ \"$1\" != \"--\" ]; do shift; done; shift; exec \"$@\"\n");
        Files.setPosixFilePermissions(bwrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void saysChecksRunSandboxedWhereBwrapWorks() throws IOException {
        int code = doctor(Map.of("PATH", workingBwrap().toString()));
        assertThat(code).isEqualTo(2); // no toolchain on this PATH; the sandbox line comes all the same
        assertThat(out.toString()).contains("Sandbox: checks run sandboxed", "bubblewrap (" + tmp.resolve("sb/bwrap"),
                "no network");
    }

    @Test
    void saysWhyChecksRunUnsandboxed() throws IOException {
        doctor(Map.of("PATH", tmp.toString()));
        assertThat(out.toString()).contains("Sandbox: checks run UNSANDBOXED",
                "bwrap not found on PATH: checks run unsandboxed; install bubblewrap");

        out.getBuffer().setLength(0);
        doctor(Map.of("PATH", workingBwrap().toString()), "--no-sandbox");
        assertThat(out.toString()).contains("checks run UNSANDBOXED", "sandbox turned off");
    }

    @Test
    void aRequiredSandboxThatIsMissingExitsTwo() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = bin.resolve("lean");
        Files.writeString(lean, "#!/bin/sh\necho 'Lean (version 4.24.0)'\n");
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));

        int code = doctor(Map.of("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString(), "PATH", "",
                "LEANFORGE_SANDBOX", "required"));
        assertThat(code).isEqualTo(2);
        assertThat(out.toString()).contains("Lean toolchain found", "Sandbox: UNAVAILABLE", "a sandbox is required");
    }

    @Test
    void withoutLeanItExplainsHowToInstallAndExitsTwo() {
        int code = doctor(Map.of("PATH", tmp.toString()));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("No Lean 4 toolchain was found", "elan", "--server-cmd", "docker");
        assertThat(out.toString()).startsWith("Pinned toolchain: leanprover/lean4:v4.24.0\nSandbox: ")
                .doesNotContain("Lean toolchain found");
        assertThat(err.toString()).contains("leanforge doctor --install");
    }

    @Test
    void printsPathsAndVersionOfTheToolchainFound() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("tc/bin"));
        Path lean = bin.resolve("lean");
        Files.writeString(lean, "#!/bin/sh\necho 'Lean (version 4.24.0, x86_64-unknown-linux-gnu, commit 1, Release)'\n");
        Files.setPosixFilePermissions(lean, PosixFilePermissions.fromString("rwxr-xr-x"));

        int code = doctor(Map.of("LEANFORGE_LEAN_HOME", tmp.resolve("tc").toString()));

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("via LEANFORGE_LEAN_HOME", lean.toString(), "Lean (version 4.24.0", "lake serve unavailable");
    }
}
