package dev.leanforge.loop.cli;

import ai.djl.Device;
import dev.leanforge.loop.config.Limit;
import dev.leanforge.trainer.device.Compute;
import picocli.CommandLine.Option;

/** {@code --device} and thread options shared by the commands that run the model. */
public final class ComputeOptions {

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "Where the model runs: the first GPU PyTorch finds (auto), the CPU, or a GPU or fail "
                    + "(default: ${DEFAULT-VALUE}). See docs/model.md for the CUDA native library.")
    Compute.Target target;

    @Within(Limit.THREADS)
    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch intra-op CPU threads (0: PyTorch's default, one per core). Same as "
                    + "-Dai.djl.pytorch.num_threads=N.")
    int threads;

    @Within(Limit.THREADS)
    @Option(names = "--interop-threads", defaultValue = "0", paramLabel = "N",
            description = "PyTorch inter-op threads (0: PyTorch's default). Same as "
                    + "-Dai.djl.pytorch.num_interop_threads=N.")
    int interopThreads;

    /** Applies the thread counts (before the engine starts) and picks the device. */
    Device device() {
        Compute.configureThreads(threads, interopThreads);
        return Compute.device(target);
    }
}
