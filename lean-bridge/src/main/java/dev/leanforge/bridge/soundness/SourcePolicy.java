package dev.leanforge.bridge.soundness;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.LexError;
import dev.leanforge.bridge.source.Token;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Static scan of the untrusted proof text before Lean sees it (spec §7.5, §7.3). The header and the statement are
 * trusted and never scanned.
 *
 * <p>The scan works on tokens ({@link LeanLexer}), so words inside comments and ordinary string text do not count,
 * and {@code hsorry_free} is not {@code sorry}. It fails closed: text the lexer cannot read with certainty
 * (unterminated, malformed, or read differently depending on syntax in scope, such as a string that may be
 * interpolated) is refused at its position. The rules:
 * <ul>
 *   <li><b>forbidden names</b> ({@link #NAME_RULES}) match any component of an identifier, quoted or not:
 *       {@code Lean.ofReduceBool}, {@code «sorry»} and {@code Lean.«ofReduceBool»} are all refused, because
 *       guillemets change how a name parses, not which constant it denotes. Code in interpolation holes
 *       ({@code s!"{…}"}) is code and is checked like any other;</li>
 *   <li><b>keywords</b> ({@link #KEYWORD_RULES}) match only a plain, unquoted, undotted word, which is how Lean
 *       keywords are written: {@code instance} is refused, {@code «instance»} (an ordinary identifier) is not.
 *       This includes the command keywords, so a proof cannot end the declaration and add commands after it;</li>
 *   <li>every {@code #command} ({@code #exit}, {@code #eval}, {@code #print}, …), docstrings and module docs
 *       ({@code /--}, {@code /-!}) and attribute lists ({@code @[}), which belong to commands;</li>
 *   <li>{@code set_option NAME VALUE in} only for the options in {@link #DEFAULT_OPTIONS} (unlimited heartbeats,
 *       {@code 0}, refused), and {@code open … in} only in that scoped form: without {@code in} they would be
 *       commands after the declaration; either must be followed by more proof, or it would scope the appended
 *       {@code #print axioms};</li>
 *   <li>a closing bracket without its opener in the proof, an unclosed bracket, and an unterminated comment,
 *       string or {@code «}: each would change how the rest of the document, including the trailing
 *       {@code #print axioms}, is read.</li>
 * </ul>
 *
 * <p>Instances are immutable; {@link #allowing(String...)} and {@link #allowingOptions(String...)} make a copy for
 * tasks that need a construct.
 */
public final class SourcePolicy {

    /** Names refused wherever they occur as an identifier component. */
    public static final Map<String, String> NAME_RULES = rules(
            "sorry admit stop", "leaves the goal unproved (the theorem would depend on sorryAx)",
            "sorryAx", "refers to sorryAx directly",
            "native_decide bv_decide", "trusts compiled code instead of the kernel",
            "ofReduceBool reduceBool ofReduceNat reduceNat trustCompiler", "is native-evaluation trust, not a proof",
            "implemented_by extern csimp", "replaces what compiled code computes; with native evaluation it proves False",
            "run_tac run_elab run_meta run_cmd by_elab", "runs an arbitrary metaprogram while elaborating");

    /**
     * Plain words refused: Lean keywords that declare, change syntax, instances or attributes, run code, or start a
     * command. A keyword in the proof ends the declaration and starts a command, so every command keyword of Lean
     * core, Batteries and Mathlib that could change how the appended {@code #print axioms} line is read or what it
     * answers is here; the last group lists the remaining command keywords, refused because a proof has no use for
     * them.
     */
    public static final Map<String, String> KEYWORD_RULES = rules(
            "native", "evaluates with compiled code (`decide +native`, `native := true`)",
            "axiom", "declares an axiom",
            "unsafe partial opaque", "admits non-terminating or unchecked definitions",
            "macro macro_rules elab elab_rules syntax declare_syntax_cat notation notation3 infix infixl infixr "
                    + "prefix postfix binder_predicate unif_hint simproc dsimproc simproc_decl dsimproc_decl "
                    + "builtin_simproc builtin_dsimproc builtin_simproc_decl builtin_dsimproc_decl "
                    + "declare_simp_like_tactic declare_config_elab declare_command_config_elab",
            "changes how text parses or elaborates",
            "instance local scoped attribute deriving seal unseal register_simp_attr register_label_attr "
                    + "grind_pattern add_aesop_rules erase_aesop_rules declare_aesop_rule_sets",
            "changes instances, attributes or what unfolds",
            "initialize builtin_initialize test_extern compile_inductive compile_def",
            "runs code when it is elaborated or the environment is loaded",
            "theorem lemma def example abbrev structure class inductive coinductive mutual namespace section end "
                    + "variable universe import noncomputable private protected public meta module export omit "
                    + "include irreducible_def alias add_decl_doc proof_wanted assert_not_exists "
                    + "assert_not_imported suppress_compilation unsuppress_compilation initialize_simps_projections "
                    + "mk_iff_of_inductive_prop library_note recall register_option register_builtin_option",
            "starts a new command after the proof");

    /**
     * Options a proof may set with {@code set_option … in}; an entry ending in {@code .} allows the whole family.
     * Resource limits only: raising them is bounded by the checker's own wall-clock and memory limits.
     */
    public static final Set<String> DEFAULT_OPTIONS = Set.of(
            "maxHeartbeats", "maxRecDepth", "synthInstance.maxHeartbeats", "synthInstance.maxSize", "pp.", "linter.");

    private static final Set<String> HEARTBEAT_OPTIONS = Set.of("maxHeartbeats", "synthInstance.maxHeartbeats");
    private static final String OPENERS = "([{⟨⦃⟦‹";
    private static final String CLOSERS = ")]}⟩⦄⟧›";
    private static final Set<String> OPEN_PUNCTUATION = Set.of("(", ")", "→");

    private static final SourcePolicy STANDARD = new SourcePolicy(Set.of(), DEFAULT_OPTIONS);

    private final Set<String> allowedConstructs;
    private final Set<String> allowedOptions;

    private SourcePolicy(Set<String> allowedConstructs, Set<String> allowedOptions) {
        this.allowedConstructs = Set.copyOf(allowedConstructs);
        this.allowedOptions = Set.copyOf(allowedOptions);
    }

    /** The policy of spec §7.5 with nothing extra allowed. */
    public static SourcePolicy standard() {
        return STANDARD;
    }

    /**
     * A copy that also allows the named constructs: keys of {@link #NAME_RULES} or {@link #KEYWORD_RULES} (the
     * key {@code attribute} also allows {@code @[…]}), a {@code #command} such as {@code #check},
     * {@code doc comment}, or {@code set_option} (any option, any value) / {@code open} (also without {@code in}).
     *
     * @throws IllegalArgumentException for a construct this policy does not know
     */
    public SourcePolicy allowing(String... constructs) {
        Set<String> allowed = new HashSet<>(allowedConstructs);
        for (String c : constructs) {
            boolean known = NAME_RULES.containsKey(c) || KEYWORD_RULES.containsKey(c) || c.equals("set_option")
                    || c.equals("open") || c.equals("doc comment") || (c.length() > 1 && c.startsWith("#"));
            if (!known) {
                throw new IllegalArgumentException("unknown construct '" + c + "': use a key of "
                        + "SourcePolicy.NAME_RULES or KEYWORD_RULES, a #command, 'set_option' or 'open'");
            }
            allowed.add(c);
        }
        return new SourcePolicy(allowed, allowedOptions);
    }

    /** A copy that also allows {@code set_option NAME … in} for these names (or families, ending in {@code .}). */
    public SourcePolicy allowingOptions(String... options) {
        Set<String> allowed = new HashSet<>(allowedOptions);
        allowed.addAll(List.of(options));
        return new SourcePolicy(allowedConstructs, allowed);
    }

    /** Scans the task's proof; the header and statement are trusted. */
    public PolicyResult check(CheckTask task) {
        return check(task.proof());
    }

    /** Scans one proof text. */
    public PolicyResult check(String proof) {
        LeanLexer.Result lexed = LeanLexer.lex(proof);
        // Tokens before the first place the lexer could not read with certainty are scanned first, so a forbidden
        // word there is named as itself; what follows that place is refused unread.
        Optional<LexError> unreadable = lexed.errors().stream().findFirst();
        int scanEnd = unreadable.map(LexError::offset).orElse(proof.length());
        List<Token> tokens = new ArrayList<>();
        for (Token t : lexed.tokens()) {
            if (t.end() > scanEnd) {
                break;
            }
            PolicyResult declarationPart = checkDeclarationPart(proof, t);
            if (declarationPart != null) {
                return declarationPart;
            }
            if (!t.isComment()) {
                tokens.add(t);
            }
        }
        Deque<Token> openBrackets = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            PolicyResult found = switch (t.kind()) {
                case OPEN, CLOSE -> checkBracket(proof, t, openBrackets);
                case ATTRIBUTE_OPEN -> checkAttributes(proof, tokens, i, openBrackets);
                default -> null;
            };
            if (found == null && t.is("set_option")) {
                // The option name is not code: `warn.sorry` names an option, not the constant `sorry`.
                int next = allowedConstructs.contains("set_option") ? i + 1 : nextAfterSetOption(tokens, i);
                if (next < 0) {
                    found = rejectSetOption(proof, tokens, i);
                } else {
                    found = requireMore(proof, tokens, next);
                    i = next;
                }
            }
            if (found == null && t.is("open") && !allowedConstructs.contains("open")) {
                int in = scopedOpenEnd(tokens, i);
                if (in < 0) {
                    found = reject(proof, t, "open", "`open` without `in` starts a new command after the proof");
                } else {
                    found = checkWords(proof, tokens.subList(i + 1, in).stream()
                            .filter(a -> !a.is("scoped") && !a.is("hiding") && !a.is("renaming"))
                            .toList());
                    found = found != null ? found : requireMore(proof, tokens, in);
                    i = in;
                }
            }
            if (found == null && t.kind() != Token.Kind.STRING) {
                found = checkWords(proof, List.of(t));
            }
            if (found != null) {
                return found;
            }
        }
        if (unreadable.isPresent()) {
            return rejectUnreadable(proof, unreadable.get());
        }
        if (!openBrackets.isEmpty()) {
            Token t = openBrackets.peek();
            return reject(proof, t, "bracket", "`" + t.text() + "` is never closed in the proof");
        }
        return new PolicyResult.Allowed();
    }

    /**
     * Docstrings and module docs belong to declarations and commands, never inside a proof: a module doc is a
     * command of its own, so it would end the declaration.
     */
    private PolicyResult checkDeclarationPart(String proof, Token t) {
        return switch (t.kind()) {
            case DOC_COMMENT -> allowedConstructs.contains("doc comment") ? null : reject(proof, t, "doc comment",
                    "a docstring `/--` belongs to a declaration after the proof");
            case MODULE_DOC -> allowedConstructs.contains("doc comment") ? null : reject(proof, t, "doc comment",
                    "a module doc `/-!` is a command: it ends the declaration");
            default -> null;
        };
    }

    /**
     * An attribute list {@code @[…]} gives attributes to a declaration after the proof. The attributes are named
     * first when one is forbidden on its own ({@code @[csimp]}, {@code @[implemented_by …]}).
     */
    private PolicyResult checkAttributes(String proof, List<Token> tokens, int i, Deque<Token> openBrackets) {
        if (allowedConstructs.contains("attribute")) {
            openBrackets.push(tokens.get(i));
            return null;
        }
        int close = i + 1;
        while (close < tokens.size() && !tokens.get(close).text().equals("]")) {
            close++;
        }
        PolicyResult named = checkWords(proof, tokens.subList(i + 1, close));
        return named != null ? named : reject(proof, tokens.get(i), "attribute",
                "`@[` gives attributes to a declaration after the proof");
    }

    /**
     * {@code set_option … in} and {@code open … in} scope the syntax after them; with nothing after them in the proof
     * they would scope the appended {@code #print axioms} command instead.
     */
    private static PolicyResult requireMore(String proof, List<Token> tokens, int in) {
        return in + 1 < tokens.size() ? null : reject(proof, tokens.get(in), "in",
                "`in` ends the proof: it would apply to the command after the proof");
    }

    private static PolicyResult rejectUnreadable(String proof, LexError error) {
        return switch (error.cause()) {
            case UNTERMINATED -> reject(proof, error.offset(), "unterminated", error.message()
                    + ": it would swallow the rest of the document, including the trailing #print axioms");
            case MALFORMED -> reject(proof, error.offset(), "malformed", error.message());
            case AMBIGUOUS -> reject(proof, error.offset(), "ambiguous", error.message());
        };
    }

    /** Name, keyword and {@code #command} rules for each token; the first hit, or null. */
    private PolicyResult checkWords(String proof, List<Token> tokens) {
        for (Token t : tokens) {
            if (t.kind() == Token.Kind.HASH_COMMAND && !allowedConstructs.contains(t.text())) {
                return reject(proof, t, t.text(), "`" + t.text() + "` is a command: it ends the declaration");
            }
            if (t.kind() != Token.Kind.IDENT) {
                continue;
            }
            for (String component : t.components()) {
                String why = NAME_RULES.get(component);
                if (why != null && !allowedConstructs.contains(component)) {
                    return reject(proof, t, component, "`" + t.text() + "` " + why);
                }
            }
            if (!t.isQuoted() && t.components().size() == 1) {
                String word = t.text();
                String why = KEYWORD_RULES.get(word);
                if (why != null && !allowedConstructs.contains(word)) {
                    return reject(proof, t, word, "`" + word + "` " + why);
                }
            }
        }
        return null;
    }

    private PolicyResult checkBracket(String proof, Token t, Deque<Token> openBrackets) {
        if (OPENERS.contains(t.text())) {
            openBrackets.push(t);
        } else if (CLOSERS.contains(t.text())) {
            int kind = CLOSERS.indexOf(t.text());
            if (openBrackets.isEmpty()) {
                return reject(proof, t, "bracket", "`" + t.text() + "` closes a bracket the proof did not open");
            }
            Token opener = openBrackets.pop();
            // An attribute list `@[` is closed by `]`.
            if (OPENERS.indexOf(opener.kind() == Token.Kind.ATTRIBUTE_OPEN ? "[" : opener.text()) != kind) {
                return reject(proof, t, "bracket", "`" + t.text() + "` does not match `" + opener.text() + "`");
            }
        }
        return null;
    }

    /**
     * For {@code set_option NAME VALUE in} with an allowed option and value, the index of {@code in}; else -1.
     */
    private int nextAfterSetOption(List<Token> tokens, int i) {
        if (i + 3 >= tokens.size()) {
            return -1;
        }
        Token name = tokens.get(i + 1);
        Token value = tokens.get(i + 2);
        boolean simpleValue = value.kind() == Token.Kind.NUMBER || value.kind() == Token.Kind.STRING
                || value.is("true") || value.is("false");
        if (name.kind() != Token.Kind.IDENT || !simpleValue || !tokens.get(i + 3).is("in")) {
            return -1;
        }
        if (!optionAllowed(name.text()) || (HEARTBEAT_OPTIONS.contains(name.text()) && isZero(value))) {
            return -1;
        }
        return i + 3;
    }

    private PolicyResult rejectSetOption(String proof, List<Token> tokens, int i) {
        Token t = tokens.get(i);
        if (i + 2 < tokens.size() && tokens.get(i + 1).kind() == Token.Kind.IDENT) {
            String name = tokens.get(i + 1).text();
            if (!optionAllowed(name)) {
                return reject(proof, t, "set_option", "`set_option " + name + "` is not allowed (allowed: "
                        + String.join(", ", allowedOptions.stream().sorted().toList()) + ")");
            }
            if (HEARTBEAT_OPTIONS.contains(name) && isZero(tokens.get(i + 2))) {
                return reject(proof, t, "set_option", "`set_option " + name + " 0` removes the heartbeat limit");
            }
        }
        return reject(proof, t, "set_option", "`set_option` must have the form `set_option NAME VALUE in …`; "
                + "without `in` it is a command after the proof");
    }

    private boolean optionAllowed(String name) {
        return allowedOptions.stream().anyMatch(o -> o.endsWith(".") ? name.startsWith(o) : name.equals(o));
    }

    private static boolean isZero(Token value) {
        // 0, 000, 0x0, 0b00, 0o0, and 0.0, 0., 0e5: every spelling whose value is zero, in case Lean ever reads a
        // scientific literal as a Nat option value.
        if (value.kind() != Token.Kind.NUMBER) {
            return false;
        }
        String digits = value.text().replace("_", "");
        if (digits.matches("0[xXbBoO].*")) {
            return digits.substring(2).matches("0+");
        }
        try {
            return new BigDecimal(digits.endsWith(".") ? digits + "0" : digits).signum() == 0;
        } catch (NumberFormatException tooLarge) {
            // An exponent beyond what BigDecimal holds (1e99999999999): unreadable, so treated as refused.
            return true;
        }
    }

    /**
     * For {@code open A B (x y) hiding z in}, the index of {@code in}; -1 when anything other than names, the
     * words {@code scoped}/{@code hiding}/{@code renaming}, parentheses and {@code →} comes first.
     */
    private static int scopedOpenEnd(List<Token> tokens, int i) {
        for (int k = i + 1; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.is("in")) {
                return k > i + 1 ? k : -1;
            }
            boolean partOfOpen = t.kind() == Token.Kind.IDENT || OPEN_PUNCTUATION.contains(t.text());
            if (!partOfOpen) {
                return -1;
            }
        }
        return -1;
    }

    private static PolicyResult.Rejected reject(String proof, Token t, String construct, String reason) {
        return reject(proof, t.start(), construct, reason);
    }

    private static PolicyResult.Rejected reject(String proof, int offset, String construct, String reason) {
        return new PolicyResult.Rejected(construct, reason, PolicyResult.Position.at(proof, offset));
    }

    /** Pairs of (space-separated words, reason) into an ordered word → reason map. */
    private static Map<String, String> rules(String... wordsThenReason) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int k = 0; k < wordsThenReason.length; k += 2) {
            for (String word : wordsThenReason[k].split(" ")) {
                map.put(word, wordsThenReason[k + 1]);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
