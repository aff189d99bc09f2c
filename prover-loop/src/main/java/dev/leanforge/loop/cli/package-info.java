/**
 * The {@code leanforge} command: {@link dev.leanforge.loop.cli.LeanforgeCli} (the jar's main class) and one picocli
 * command class per subcommand, with the option mixins they share (Lean, store, training, LoRA, {@code --serve}).
 * Each command parses and checks its options, calls the packages that do the work, and turns the outcome into output
 * and an exit code (0 done, 1 stopped or failed, 2 usage or environment error).
 *
 * <p>{@code LeanforgeCli} (with {@link dev.leanforge.loop.cli.LeanforgeCli#commandLine}) is the only type meant for
 * use outside this package; the few other public classes here (the {@code train}, {@code sample}, {@code score} and
 * {@code bench} commands and their option mixins) are used by nothing outside it. No other package depends on
 * picocli: logic that a server or a test also needs belongs in those packages, not in a command.
 */
package dev.leanforge.loop.cli;
