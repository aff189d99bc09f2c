package dev.leanforge.bridge.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.standin.RulesFile.Behaviour;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.RulesFile.Rule;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandInRulesTest {

    /** The example of the bridge design, comments included. */
    private static final String DESIGN_EXAMPLE = """
            {
              "serverVersion": "0.3.0-standin",
              "sorryStyle": "backtick",                 // or "quote" (pre-4.28 form)
              "startupDelayMs": 0,
              "rules": [
                {
                  "match": "by decide",                  // Java regex
                  "messages": [                          // diagnostics to publish for the declaration
                    {"severity": 1, "text": "unsolved goals\\n⊢ 1 = 2", "at": "by decide", "leanTags": [1]}
                  ],
                  "axioms": ["propext"],
                  "sorry": false,
                  "goals": {"intro h": ["h : p\\n⊢ q"]},
                  "behaviour": "answer",
                  "growMb": 0,
                  "delayMs": 0,
                  "earlyEmptyProgress": true,
                  "incremental": false,
                  "staleFirst": false
                }
              ],
              "default": {"messages": [{"severity": 1, "text": "unknown tactic"}]}
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void readsTheDesignExample() throws IOException {
        Path file = Files.writeString(tmp.resolve("design.json"), DESIGN_EXAMPLE);
        RulesFile rules = RulesFile.read(file);
        assertThat(rules.serverVersion()).isEqualTo("0.3.0-standin");
        assertThat(rules.sorryStyle()).isEqualTo(SorryStyle.BACKTICK);
        Rule rule = rules.rules().get(0);
        assertThat(rule.messages()).containsExactly(
                new Message(1, "unsolved goals\n⊢ 1 = 2", "by decide", List.of(1)));
        assertThat(rule.axioms()).containsExactly("propext");
        assertThat(rule.goals()).isEqualTo(Map.of("intro h", List.of("h : p\n⊢ q")));
        assertThat(rule.behaviour()).isEqualTo(Behaviour.ANSWER);
        assertThat(rule.earlyEmptyProgress()).isTrue();
        assertThat(rules.ruleFor("theorem x : 1 = 2 := by decide")).isSameAs(rule);
        assertThat(rules.ruleFor("theorem x : 1 = 2 := by simp").messages())
                .extracting(Message::text).containsExactly("unknown tactic");
    }

    @Test
    void builderWritesAFileThatReadsBackEqual() throws IOException {
        StandInRules builder = StandInRules.create().serverVersion("4.22.0").sorryStyle(SorryStyle.QUOTE)
                .startupDelayMs(50)
                .rule(r -> r.match("by decide").axioms("propext").message(Message.error("e").at("decide").leanTags(1))
                        .goals("intro h", "h : p\n⊢ q").delayMs(5).earlyEmptyProgress().incremental().staleFirst())
                .rule(r -> r.match("omega").sorry().grow(3))
                .rule(r -> r.match("x").crash())
                .otherwise(r -> r.error("unknown tactic"));
        Path file = builder.writeTo(tmp);
        assertThat(file.getParent()).isEqualTo(tmp);
        assertThat(RulesFile.read(file)).isEqualTo(builder.build());
        assertThat(Files.readString(file)).doesNotContain("null");
    }

    @Test
    void omittedFieldsTakeTheirDefaults() throws IOException {
        RulesFile rules = RulesFile.read(Files.writeString(tmp.resolve("min.json"), "{\"rules\": [{\"match\": \"a\"}]}"));
        assertThat(rules.serverVersion()).isEqualTo(RulesFile.DEFAULT_SERVER_VERSION);
        assertThat(rules.sorryStyle()).isEqualTo(SorryStyle.BACKTICK);
        Rule rule = rules.rules().get(0);
        assertThat(rule.axioms()).as("absent axioms mean: unknown constant").isNull();
        assertThat(rule.behaviour()).isEqualTo(Behaviour.ANSWER);
        assertThat(rules.ruleFor("b").messages()).isEmpty();
        assertThat(rules.ruleFor("b").axioms()).isNull();
    }

    @Test
    void badFilesAreRefusedNamingFileAndProblem() throws IOException {
        Path unknownField = Files.writeString(tmp.resolve("typo.json"), "{\"rules\": [{\"match\": \"a\",\n \"axiom\": []}]}");
        assertThatThrownBy(() -> RulesFile.read(unknownField)).isInstanceOf(IOException.class)
                .hasMessageContaining(unknownField.toString()).hasMessageContaining("$.rules[0]: unknown field 'axiom'");

        Path syntax = Files.writeString(tmp.resolve("syntax.json"), "{\"rules\": [\n {\"match\" \"a\"}]}");
        assertThatThrownBy(() -> RulesFile.read(syntax)).hasMessageContaining(syntax.toString())
                .hasMessageContaining("line 2");

        Path badRegex = Files.writeString(tmp.resolve("regex.json"), "{\"rules\": [{\"match\": \"(\"}]}");
        assertThatThrownBy(() -> RulesFile.read(badRegex)).hasMessageContaining("rules[0].match is not a Java regex");

        Path noMatch = Files.writeString(tmp.resolve("nomatch.json"), "{\"rules\": [{\"axioms\": []}]}");
        assertThatThrownBy(() -> RulesFile.read(noMatch)).hasMessageContaining("rules[0] has no \"match\"");

        Path severity = Files.writeString(tmp.resolve("sev.json"),
                "{\"rules\": [{\"match\": \"a\", \"messages\": [{\"severity\": 7, \"text\": \"t\"}]}]}");
        assertThatThrownBy(() -> RulesFile.read(severity)).hasMessageContaining("severity must be 1 (error)");

        Path behaviour = Files.writeString(tmp.resolve("beh.json"),
                "{\"rules\": [{\"match\": \"a\", \"behaviour\": \"explode\"}]}");
        assertThatThrownBy(() -> RulesFile.read(behaviour))
                .hasMessageContaining("$.rules[0].behaviour: 'explode' is not one of [answer, crash, hang, fatal, grow]");
    }

    @Test
    void builderRefusesARuleWithoutMatchAndGrowWithoutGrow() {
        assertThatThrownBy(() -> StandInRules.create().rule(r -> r.axioms()))
                .hasMessageContaining("match(regex)");
        assertThatThrownBy(() -> new Rule("a", null, null, false, null, Behaviour.ANSWER, 5, 0, false, false, false))
                .hasMessageContaining("growMb is only used with");
    }
}
