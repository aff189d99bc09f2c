/**
 * Starting and stopping one Lean server process: the command line, the default sandbox, its stderr and memory.
 */
package dev.leanforge.bridge.server;
