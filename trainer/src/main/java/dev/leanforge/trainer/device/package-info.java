/**
 * Where tensors live and how PyTorch runs: {@link dev.leanforge.trainer.device.Compute} picks the device and fixes
 * PyTorch's thread counts (once, before the engine starts), and {@link dev.leanforge.trainer.device.GradientMode}
 * runs inference with autograd off on any thread.
 *
 * <p>Process-wide engine settings only; no model code.
 */
package dev.leanforge.trainer.device;
