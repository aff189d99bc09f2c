package dev.leanforge.loop.campaign;

import dev.leanforge.bridge.standin.StandInRules;

/**
 * The tactic tree of tests of best-first search: {@code p ∧ q} from {@code hp} and {@code hq}, proved by
 * {@code constructor}, {@code exact hp}, {@code exact hq}. The goals are the stand-in's (a test double), as Lean
 * would print them.
 */
public final class ConjunctionTree {

    /** A theorem's signature after its name. */
    public static final String SIGNATURE = "(p q : Prop) (hp : p) (hq : q) : p ∧ q";
    public static final String ROOT_GOALS = "p q : Prop\nhp : p\nhq : q\n⊢ p ∧ q";
    public static final String PROOF = "by\n  constructor\n  exact hp\n  exact hq";

    /**
     * Scripted-policy rules (items of {@code rules:}, indented two spaces) for the goals after {@code constructor};
     * the root's rule is each test's own.
     */
    public static final String CASE_RULES = """
              - match: 'case left'
                completions: [exact hp]
              - match: 'case right'
                completions: [exact hq]
            """;

    private ConjunctionTree() {}

    /** {@code rule} showing the goals after each tactic prefix of the proof, and none once it is closed. */
    public static StandInRules.RuleBuilder goals(StandInRules.RuleBuilder rule) {
        return rule.goals("by", ROOT_GOALS)
                .goals("constructor", "case left\np q : Prop\nhp : p\nhq : q\n⊢ p",
                        "case right\np q : Prop\nhp : p\nhq : q\n⊢ q")
                .goals("exact hp", "case right\np q : Prop\nhp : p\nhq : q\n⊢ q")
                .goals("exact hq");
    }
}
