package dev.leanforge.trainer.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Picks where tensors live and how many CPU threads PyTorch uses.
 *
 * <p>Thread counts are read by DJL once, when the PyTorch engine starts ({@code ai.djl.pytorch.num_threads} and
 * {@code ai.djl.pytorch.num_interop_threads}), so {@link #configureThreads} must run before anything touches the
 * engine. See {@code docs/model.md}, section "Device and threads".
 */
public final class Compute {

    public static final String ENGINE = "PyTorch";
    static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";
    static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /** Where the model should run. */
    public enum Target {
        /** The first GPU when DJL finds one, the CPU otherwise. */
        AUTO,
        CPU,
        /** The first GPU; fails when none is visible. */
        GPU
    }

    /**
     * Environment variables read by the C library, OpenMP or PyTorch when the process starts, which change training
     * speed markedly (see docs/model.md, "Benchmarks"); they cannot be set from Java once the JVM runs.
     */
    private static final List<String> NATIVE_ENVIRONMENT = List.of("GLIBC_TUNABLES", "MALLOC_ARENA_MAX",
            "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "OMP_NUM_THREADS",
            "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "MKL_NUM_THREADS", "THP_MEM_ALLOC_ENABLE", "LD_PRELOAD");

    private static volatile boolean engineStarted;

    private Compute() {}

    /**
     * Sets PyTorch's intra-op (math kernels) and inter-op thread counts; a value of 0 keeps PyTorch's default.
     *
     * @throws IllegalStateException when the engine has already started with other counts, because the setting
     *     would be ignored
     */
    public static void configureThreads(int intraOp, int interOp) {
        if (intraOp < 0 || interOp < 0) {
            throw new IllegalArgumentException("thread counts must be >= 0 (0 = PyTorch's default)");
        }
        if (intraOp == 0 && interOp == 0) {
            return;
        }
        if (engineStarted) {
            boolean same = (intraOp == 0 || intraOp == JniUtils.getNumThreads())
                    && (interOp == 0 || interOp == JniUtils.getNumInteropThreads());
            if (same) {
                return;
            }
            throw new IllegalStateException("thread counts must be set before the PyTorch engine starts");
        }
        if (intraOp > 0) {
            System.setProperty(INTRA_OP_PROPERTY, Integer.toString(intraOp));
        }
        if (interOp > 0) {
            System.setProperty(INTER_OP_PROPERTY, Integer.toString(interOp));
        }
    }

    /** The PyTorch engine, started on first use (offline when {@code DJL_OFFLINE=true}). */
    public static Engine engine() {
        Engine engine = Engine.getEngine(ENGINE);
        engineStarted = true;
        return engine;
    }

    public static Device device(Target target) {
        if (target == Target.CPU) {
            engine();
            return Device.cpu(); // never asks CUDA: a CPU run prints no CUDA warnings
        }
        int gpus = engine().getGpuCount();
        return switch (target) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new IllegalStateException("no GPU visible to PyTorch; see docs/model.md "
                            + "(\"Device and threads\") for the CUDA native library, or use the CPU");
                }
                yield Device.gpu();
            }
        };
    }

    /** One line for logs and benchmark reports: engine version, device and thread counts. */
    public static String describe(Device device) {
        Engine engine = engine();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device
                + ", intra-op threads " + JniUtils.getNumThreads()
                + ", inter-op threads " + JniUtils.getNumInteropThreads();
    }

    /** The {@link #NATIVE_ENVIRONMENT} settings of this process, e.g. {@code "OMP_WAIT_POLICY=PASSIVE, ..."}. */
    public static String nativeEnvironment() {
        String set = NATIVE_ENVIRONMENT.stream()
                .filter(name -> System.getenv(name) != null)
                .map(name -> name + "=" + System.getenv(name))
                .collect(Collectors.joining(", "));
        return set.isEmpty() ? "none of " + String.join(", ", NATIVE_ENVIRONMENT) + " set" : set;
    }
}
