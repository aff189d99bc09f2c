/**
 * Finding the Lean toolchain leanforge will use (elan, {@code LEANFORGE_LEAN_HOME}, PATH) and its version.
 */
package dev.leanforge.bridge.toolchain;
