package dev.leanforge.loop.policy.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.policy.Policy;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.PolicyKind;
import dev.leanforge.loop.policy.PolicyKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptedPolicyTest {

    @TempDir
    Path tmp;

    private static Policy.SamplingParams samples(int n) {
        return new Policy.SamplingParams(n, 1.0, 1.0, 0, 64, List.of(), 0);
    }

    private Path rules(String text) throws IOException {
        return Files.writeString(tmp.resolve("rules.yaml"), text);
    }

    @Test
    void theFirstMatchingRuleAnswersItsCompletionsInOrderCyclingWhenMoreAreAsked() throws IOException {
        ScriptedPolicy policy = ScriptedRules.read(rules("""
                rules:
                  - match: 'Lean said:[\\s\\S]*unsolved goals'
                    completions: [by omega]
                  - match: 'theorem two\\b'
                    completions:
                      - by simp
                      - text: by decide
                        logProb: -0.25
                default: [sorry]
                """));

        List<Completion> two = policy.complete("theorem two : 2 + 2 = 4 :=", samples(3));
        assertThat(two).extracting(Completion::text).containsExactly("by simp", "by decide", "by simp");
        assertThat(two.get(0).logProb()).isNaN();
        assertThat(two.get(1).logProb()).isEqualTo(-0.25);
        assertThat(policy.complete("/- Lean said:\nerror: unsolved goals -/ theorem two : 2 + 2 = 4 :=", samples(1)))
                .extracting(Completion::text).containsExactly("by omega");
        assertThat(policy.complete("theorem twelve : 12 = 12 :=", samples(2)))
                .extracting(Completion::text).containsExactly("sorry", "sorry");
        assertThat(policy.describe()).isEqualTo("scripted:" + tmp.resolve("rules.yaml").toAbsolutePath());
    }

    @Test
    void aPromptNoRuleMatchesFailsWhenThereIsNoDefault() throws IOException {
        ScriptedPolicy policy = ScriptedRules.read(rules("rules:\n  - match: x\n    completions: [a]\n"));

        assertThatThrownBy(() -> policy.complete("theorem y : True :=", samples(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no rule of").hasMessageContaining("theorem y : True :=");
    }

    @Test
    void badRulesFilesAreRefusedWithFileAndLine() throws IOException {
        Path f = rules("rules:\n  - match: x\n    completion: [a]\n");
        assertThatThrownBy(() -> ScriptedRules.read(f))
                .hasMessage(f + ":3: unknown key \"completion\" in a rule; a rule has \"match\" and \"completions\"");
        Path g = rules("rules:\n  - match: '(unclosed'\n    completions: [a]\n");
        assertThatThrownBy(() -> ScriptedRules.read(g)).hasMessageStartingWith(g + ":2: bad regex in \"match\"");
        Path h = rules("rules:\n  - match: x\n    completions: []\n");
        assertThatThrownBy(() -> ScriptedRules.read(h))
                .hasMessage(h + ":2: a rule needs \"match\" and at least one completion");
        Path i = rules("rule: []\n");
        assertThatThrownBy(() -> ScriptedRules.read(i)).hasMessageContaining(i + ":1: unknown key \"rule\"");
        assertThatThrownBy(() -> ScriptedRules.read(tmp.resolve("none.yaml"))).hasMessageEndingWith(
                "none.yaml: no such rules file");
    }

    @Test
    void policyKindsParseTheScriptedKindAndNameTheKindsForAnythingElse() throws IOException {
        Path f = rules("rules: []\ndefault: [by rfl]\n");

        PolicyKind.Opening opening = PolicyKinds.prepare("scripted:" + f);
        assertThat(opening.description()).isEqualTo("scripted:" + f.toAbsolutePath());
        assertThat(opening.open().get().complete("anything", samples(1))).extracting(Completion::text)
                .containsExactly("by rfl");

        assertThatThrownBy(() -> PolicyKinds.prepare("nope:runs/round-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown policy kind \"nope\" in \"nope:runs/round-1\"; this build knows: "
                        + "scripted:FILE (answers from a rules file, for tests)");
        assertThatThrownBy(() -> PolicyKinds.prepare("rules.yaml")).hasMessageStartingWith(
                "policy \"rules.yaml\" must be KIND:ARGUMENT; this build knows: scripted:FILE");
        assertThatThrownBy(() -> PolicyKinds.prepare("scripted:" + tmp.resolve("missing.yaml")))
                .hasMessageContaining("no rules file");
    }
}
