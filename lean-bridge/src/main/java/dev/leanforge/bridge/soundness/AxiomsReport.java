package dev.leanforge.bridge.soundness;

import dev.leanforge.bridge.source.LeanNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lean's answer to {@code #print axioms NAME} (spec §7.2), and the judgement of each axiom in it.
 *
 * <p>Two answer forms exist: {@code 'N' depends on axioms: [a, b, …]} (the list may wrap over several lines,
 * its order is not relied on) and {@code 'N' does not depend on any axioms}. The constant is quoted with
 * {@code '…'} and may itself contain {@code '} (e.g. {@code 'bar''}) or {@code «»} quoting.
 *
 * @param constant the constant as Lean printed it, without the surrounding quotes
 * @param axioms   the axioms in the order printed; empty for "does not depend on any axioms"
 */
public record AxiomsReport(String constant, List<String> axioms) {

    /** The axioms of Lean's standard foundations; everything else in a proof's closure is refused. */
    public static final Set<String> STANDARD_AXIOMS = Set.of("propext", "Classical.choice", "Quot.sound");

    private static final String DEPENDS = "' depends on axioms: [";
    private static final String INDEPENDENT = "' does not depend on any axioms";
    /** Both the older {@code unknown constant 'x'} and the newer {@code Unknown constant `x`}. */
    private static final Pattern UNKNOWN_CONSTANT =
            Pattern.compile("^[uU]nknown constant\\s+(?:'(.*)'|`(.*)`)\\s*$", Pattern.DOTALL);

    public AxiomsReport {
        Objects.requireNonNull(constant, "constant");
        axioms = List.copyOf(axioms);
    }

    /** How an axiom is judged. */
    public enum Kind {
        /** propext, Classical.choice, Quot.sound. */
        STANDARD,
        /** {@code sorryAx}: the proof, or something it uses, has a {@code sorry} (possibly synthetic). */
        SORRY,
        /** Trust in compiled code: {@code Lean.ofReduceBool}, {@code Lean.trustCompiler}, {@code ._native.} axioms. */
        NATIVE,
        /** Any other axiom: declared by someone, not part of Lean's foundations. */
        CUSTOM
    }

    /**
     * Reads a {@code #print axioms} answer; empty when {@code message} is not one (any other text, including
     * an {@code unknown constant} error, which {@link #unknownConstant(String)} recognises).
     */
    public static Optional<AxiomsReport> parse(String message) {
        String text = message.strip();
        if (!text.startsWith("'")) {
            return Optional.empty();
        }
        int depends = text.indexOf(DEPENDS);
        if (depends > 0 && text.endsWith("]")) {
            String constant = text.substring(1, depends);
            String list = text.substring(depends + DEPENDS.length(), text.length() - 1);
            List<String> axioms = new ArrayList<>();
            for (String part : list.split(",")) {
                String name = part.strip();
                if (name.isEmpty()) {
                    return Optional.empty();
                }
                axioms.add(name);
            }
            return Optional.of(new AxiomsReport(constant, axioms));
        }
        if (text.endsWith(INDEPENDENT) && text.length() > INDEPENDENT.length() + 1) {
            return Optional.of(new AxiomsReport(text.substring(1, text.length() - INDEPENDENT.length()), List.of()));
        }
        return Optional.empty();
    }

    /** The constant named by an {@code unknown constant} / {@code Unknown constant} error, if it is one. */
    public static Optional<String> unknownConstant(String message) {
        Matcher m = UNKNOWN_CONSTANT.matcher(message.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** Judges one axiom name. */
    public static Kind classify(String axiom) {
        if (STANDARD_AXIOMS.contains(axiom)) {
            return Kind.STANDARD;
        }
        if (axiom.equals("sorryAx")) {
            return Kind.SORRY;
        }
        if (axiom.equals("Lean.ofReduceBool") || axiom.equals("Lean.trustCompiler") || axiom.contains("._native.")) {
            return Kind.NATIVE;
        }
        return Kind.CUSTOM;
    }

    /** Why a non-standard axiom is refused, in one line; naming the axiom. */
    public static String refusal(String axiom) {
        return switch (classify(axiom)) {
            case STANDARD -> throw new IllegalArgumentException(axiom + " is a standard axiom");
            case SORRY -> "uses sorryAx: the proof or something it depends on contains sorry";
            case NATIVE -> "uses " + axiom + ": trusts compiled code (native evaluation)";
            case CUSTOM -> "uses custom axiom " + axiom;
        };
    }

    /** The axioms outside {@link #STANDARD_AXIOMS}, in printed order. */
    public List<String> forbidden() {
        return axioms.stream().filter(a -> classify(a) != Kind.STANDARD).toList();
    }

    /** Whether this answer is about {@code theoremName}, comparing names component by component. */
    public boolean isAbout(String theoremName) {
        return LeanNames.sameName(constant, theoremName);
    }
}
