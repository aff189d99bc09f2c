package dev.leanforge.loop.policy.scripted;

import dev.leanforge.loop.policy.PolicyKind;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code scripted:FILE}: a {@link ScriptedPolicy} read from a rules file, for tests. */
public final class ScriptedPolicyKind implements PolicyKind {

    @Override
    public String kind() {
        return "scripted";
    }

    @Override
    public String usage() {
        return "scripted:FILE (answers from a rules file, for tests)";
    }

    @Override
    public Opening prepare(String argument) {
        if (argument.isBlank()) {
            throw new IllegalArgumentException("scripted:FILE needs the rules file after the colon");
        }
        Path file = Path.of(argument).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("scripted policy: no rules file " + file);
        }
        return new Opening("scripted:" + file, () -> ScriptedRules.read(file));
    }
}
