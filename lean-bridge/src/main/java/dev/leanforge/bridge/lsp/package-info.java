/**
 * Lean's dialect of the Language Server Protocol over LSP4J: Lean's extensions ({@code $/lean/fileProgress},
 * {@code waitForDiagnostics}, plain goals), the client, and failing closed on messages that cannot be read.
 */
package dev.leanforge.bridge.lsp;
