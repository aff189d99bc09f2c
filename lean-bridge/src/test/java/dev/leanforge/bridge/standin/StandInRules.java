package dev.leanforge.bridge.standin;

import dev.leanforge.bridge.standin.RulesFile.Behaviour;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.RulesFile.Rule;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fluent builder for a stand-in rules file, for tests:
 * <pre>{@code
 * Path rules = StandInRules.create()
 *         .rule(r -> r.match("by decide").axioms("propext"))
 *         .rule(r -> r.match("by simp").message(Message.error("unsolved goals\n⊢ False").at("by simp").leanTags(1)))
 *         .writeTo(tempDir);
 * String serverCmd = StandInCommand.forRules(rules);
 * }</pre>
 */
public final class StandInRules {

    private String serverVersion = RulesFile.DEFAULT_SERVER_VERSION;
    private SorryStyle sorryStyle = SorryStyle.BACKTICK;
    private long startupDelayMs;
    private final List<Rule> rules = new ArrayList<>();
    private Rule fallback;

    private StandInRules() {
    }

    public static StandInRules create() {
        return new StandInRules();
    }

    public StandInRules serverVersion(String version) {
        this.serverVersion = version;
        return this;
    }

    public StandInRules sorryStyle(SorryStyle style) {
        this.sorryStyle = style;
        return this;
    }

    public StandInRules startupDelayMs(long millis) {
        this.startupDelayMs = millis;
        return this;
    }

    /** Adds a rule; rules are tried in the order they were added. The rule must call {@link RuleBuilder#match}. */
    public StandInRules rule(Consumer<RuleBuilder> spec) {
        RuleBuilder builder = new RuleBuilder();
        spec.accept(builder);
        if (builder.match == null) {
            throw new IllegalArgumentException("a stand-in rule needs match(regex); use otherwise(...) for the default");
        }
        rules.add(builder.build());
        return this;
    }

    /** The rule used when no rule matches (the file's {@code "default"}). */
    public StandInRules otherwise(Consumer<RuleBuilder> spec) {
        RuleBuilder builder = new RuleBuilder();
        spec.accept(builder);
        fallback = builder.build();
        return this;
    }

    public RulesFile build() {
        return new RulesFile(serverVersion, sorryStyle, startupDelayMs, rules, fallback);
    }

    /** Writes a new rules file into {@code directory} and returns its path. */
    public Path writeTo(Path directory) {
        try {
            return build().write(Files.createTempFile(directory, "standin-rules-", ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write stand-in rules into " + directory, e);
        }
    }

    /** One rule; every setter returns this builder. */
    public static final class RuleBuilder {
        private String match;
        private final List<Message> messages = new ArrayList<>();
        private List<String> axioms;
        private boolean sorry;
        private final Map<String, List<String>> goals = new LinkedHashMap<>();
        private Behaviour behaviour = Behaviour.ANSWER;
        private int growMb;
        private long delayMs;
        private boolean earlyEmptyProgress;
        private boolean incremental;
        private boolean staleFirst;

        private RuleBuilder() {
        }

        /** Java regex, found (not fully matched) in the document text after the header. */
        public RuleBuilder match(String regex) {
            this.match = regex;
            return this;
        }

        public RuleBuilder message(Message message) {
            messages.add(message);
            return this;
        }

        /** An error located at the declaration's first line. */
        public RuleBuilder error(String text) {
            return message(Message.error(text));
        }

        /** An error located at the first occurrence of {@code at} after the header. */
        public RuleBuilder error(String text, String at) {
            return message(Message.error(text).at(at));
        }

        /** The answer to {@code #print axioms}; no names: "does not depend on any axioms". */
        public RuleBuilder axioms(String... names) {
            this.axioms = List.of(names);
            return this;
        }

        /** Adds the "declaration uses sorry" warning at the theorem's name. */
        public RuleBuilder sorry() {
            this.sorry = true;
            return this;
        }

        /** The plainGoal answer after {@code tacticPrefix}; no goals: "no goals". */
        public RuleBuilder goals(String tacticPrefix, String... goalTexts) {
            goals.put(tacticPrefix, Arrays.asList(goalTexts));
            return this;
        }

        public RuleBuilder crash() {
            return behaviour(Behaviour.CRASH);
        }

        public RuleBuilder hang() {
            return behaviour(Behaviour.HANG);
        }

        public RuleBuilder fatal() {
            return behaviour(Behaviour.FATAL);
        }

        /** Allocates and keeps {@code megabytes} MiB of heap per check, then answers. */
        public RuleBuilder grow(int megabytes) {
            this.growMb = megabytes;
            return behaviour(Behaviour.GROW);
        }

        public RuleBuilder behaviour(Behaviour behaviour) {
            this.behaviour = behaviour;
            return this;
        }

        public RuleBuilder delayMs(long millis) {
            this.delayMs = millis;
            return this;
        }

        /** Lean 4.22 quirk: processing done and an empty diagnostics list before the real ones. */
        public RuleBuilder earlyEmptyProgress() {
            this.earlyEmptyProgress = true;
            return this;
        }

        /** Two batches, the second with isIncremental (only to clients that advertised support). */
        public RuleBuilder incremental() {
            this.incremental = true;
            return this;
        }

        /** First publish an error for version - 1, which a correct client drops. */
        public RuleBuilder staleFirst() {
            this.staleFirst = true;
            return this;
        }

        private Rule build() {
            return new Rule(match, messages, axioms, sorry, goals, behaviour, growMb, delayMs, earlyEmptyProgress,
                    incremental, staleFirst);
        }
    }
}
