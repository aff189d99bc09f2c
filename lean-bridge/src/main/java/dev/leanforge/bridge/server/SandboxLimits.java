package dev.leanforge.bridge.server;

import java.util.List;

/**
 * Resource limits of a sandboxed Lean server, set with {@code prlimit} (inherited by every process Lean starts).
 * Generous on purpose: the pool's RSS limit and the check timeout are the everyday bounds; these stop a runaway
 * before they are looked at (a fork bomb, a file filling the disk, an allocation loop).
 *
 * @param addressSpaceBytes {@code RLIMIT_AS} per process; Mathlib maps its {@code .olean} files, so this is far
 *                          above the memory a check uses
 * @param processes         {@code RLIMIT_NPROC} (threads count too)
 * @param fileSizeBytes     {@code RLIMIT_FSIZE}: the largest file Lean may write (only {@code /tmp} is writable)
 */
public record SandboxLimits(long addressSpaceBytes, long processes, long fileSizeBytes) {

    private static final long GIB = 1L << 30;

    public SandboxLimits {
        if (addressSpaceBytes <= 0 || processes <= 0 || fileSizeBytes <= 0) {
            throw new IllegalArgumentException("sandbox limits must be positive, got " + addressSpaceBytes + ", "
                    + processes + ", " + fileSizeBytes);
        }
    }

    /** 64 GiB of address space, 4096 processes, 1 GiB files. */
    public static SandboxLimits defaults() {
        return new SandboxLimits(64 * GIB, 4096, GIB);
    }

    List<String> prlimitOptions() {
        return List.of("--as=" + addressSpaceBytes, "--nproc=" + processes, "--fsize=" + fileSizeBytes);
    }

    String describe() {
        return "address space " + human(addressSpaceBytes) + ", " + processes + " processes, files up to "
                + human(fileSizeBytes);
    }

    private static String human(long bytes) {
        return bytes % GIB == 0 ? bytes / GIB + " GiB" : bytes + " bytes";
    }
}
