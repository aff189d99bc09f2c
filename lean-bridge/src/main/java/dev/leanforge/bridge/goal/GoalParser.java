package dev.leanforge.bridge.goal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads goals as Lean pretty-prints them: one element of {@code $/lean/plainGoal}'s {@code goals}, the
 * {@code goal} of {@code $/lean/plainTermGoal}, a REPL goal string, or the body of an {@code unsolved goals} error
 * (spec §4.2, §5).
 *
 * <p>Layout of one goal: an optional first line {@code case TAG}; hypothesis lines {@code a b : T} or
 * {@code x : T := v} starting in column 0; then {@code ⊢ target}. A line that starts with whitespace continues the
 * previous hypothesis or the target (Lean wraps long types that way).
 */
public final class GoalParser {
    private static final String TURNSTILE = "⊢";
    private static final String UNSOLVED = "unsolved goals";

    private GoalParser() {
    }

    /** Parses each goal text, e.g. {@code plainGoal}'s {@code goals} array ({@code []} means no goals). */
    public static List<Goal> parseAll(List<String> goalTexts) {
        return goalTexts.stream().map(GoalParser::parse).toList();
    }

    /**
     * The goals listed by an {@code unsolved goals} error, which separates goals by a blank line; empty when
     * {@code message} is not such an error. Parts after the goals that are not goals (no {@code ⊢} line, e.g. a
     * trailing note) are skipped.
     */
    public static List<Goal> parseUnsolvedGoals(String message) {
        if (!isUnsolvedGoals(message)) {
            return List.of();
        }
        int firstBreak = message.indexOf('\n');
        if (firstBreak < 0) {
            return List.of();
        }
        List<Goal> goals = new ArrayList<>();
        for (String block : message.substring(firstBreak + 1).split("\n\\s*\n")) {
            if (hasTurnstileLine(block)) {
                goals.add(parse(block));
            }
        }
        return goals;
    }

    /** Whether a diagnostic is Lean's {@code unsolved goals} error (either capitalisation). */
    public static boolean isUnsolvedGoals(String message) {
        return message.regionMatches(true, 0, UNSOLVED, 0, UNSOLVED.length());
    }

    /**
     * Parses one goal.
     *
     * @throws IllegalArgumentException naming the offending line when the text is not a goal
     */
    public static Goal parse(String goalText) {
        List<String> lines = List.of(goalText.strip().split("\n", -1));
        int i = 0;
        Optional<String> caseTag = Optional.empty();
        if (lines.get(0).startsWith("case ")) {
            caseTag = Optional.of(lines.get(0).substring("case ".length()).strip());
            i = 1;
        }
        List<Goal.Hypothesis> hypotheses = new ArrayList<>();
        while (i < lines.size() && !lines.get(i).startsWith(TURNSTILE)) {
            int start = i;
            StringBuilder entry = new StringBuilder(lines.get(i++));
            while (i < lines.size() && isContinuation(lines.get(i))) {
                entry.append('\n').append(lines.get(i++));
            }
            hypotheses.add(hypothesis(entry.toString(), start + 1, goalText));
        }
        if (i == lines.size()) {
            throw new IllegalArgumentException("goal has no line starting with ⊢: " + abbreviate(goalText));
        }
        StringBuilder target = new StringBuilder(lines.get(i).substring(TURNSTILE.length()));
        for (i++; i < lines.size(); i++) {
            if (!isContinuation(lines.get(i))) {
                throw new IllegalArgumentException("goal line " + (i + 1) + " follows the target but is not indented: "
                        + abbreviate(lines.get(i)));
            }
            target.append('\n').append(lines.get(i));
        }
        return new Goal(caseTag, hypotheses, stripLeadingSpaces(target.toString()));
    }

    private static Goal.Hypothesis hypothesis(String entry, int lineNumber, String goalText) {
        int colon = separatorColon(entry);
        if (colon < 0) {
            throw new IllegalArgumentException("goal line " + lineNumber + " is neither `case`, a hypothesis "
                    + "`names : type` nor `⊢ target`: " + abbreviate(entry) + " (in goal: " + abbreviate(goalText) + ")");
        }
        List<String> names = splitNames(entry.substring(0, colon).strip());
        String rest = stripLeadingSpaces(entry.substring(colon + 1));
        int assign = topLevelAssign(rest);
        if (assign < 0) {
            return new Goal.Hypothesis(names, rest);
        }
        String type = rest.substring(0, assign).stripTrailing();
        String value = stripLeadingSpaces(rest.substring(assign + 2));
        return new Goal.Hypothesis(names, type, Optional.of(value));
    }

    /**
     * The colon separating names from the type: the first {@code :} followed by a space or a line break (names
     * never contain one; a {@code :=} is not it), outside {@code «»}.
     */
    private static int separatorColon(String entry) {
        boolean quoted = false;
        for (int k = 0; k < entry.length(); k++) {
            char c = entry.charAt(k);
            if (c == '«') {
                quoted = true;
            } else if (c == '»') {
                quoted = false;
            } else if (c == ':' && !quoted) {
                boolean atEnd = k + 1 == entry.length();
                if (atEnd || entry.charAt(k + 1) == ' ' || entry.charAt(k + 1) == '\n') {
                    return k;
                }
            } else if (c == '\n') {
                return -1;
            }
        }
        return -1;
    }

    /** The first {@code :=} outside brackets, which separates a let-bound hypothesis' type from its value. */
    private static int topLevelAssign(String rest) {
        int depth = 0;
        for (int k = 0; k + 1 < rest.length(); k++) {
            char c = rest.charAt(k);
            if ("([{⟨⦃".indexOf(c) >= 0) {
                depth++;
            } else if (")]}⟩⦄".indexOf(c) >= 0) {
                depth--;
            } else if (depth == 0 && c == ':' && rest.charAt(k + 1) == '=' && (k == 0 || rest.charAt(k - 1) == ' ')) {
                return k;
            }
        }
        return -1;
    }

    /** Names are separated by spaces; a {@code «»}-quoted name may itself contain spaces. */
    private static List<String> splitNames(String namesPart) {
        List<String> names = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < namesPart.length(); k++) {
            char c = namesPart.charAt(k);
            if (c == '«') {
                quoted = true;
            } else if (c == '»') {
                quoted = false;
            }
            if (c == ' ' && !quoted) {
                if (current.length() > 0) {
                    names.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            names.add(current.toString());
        }
        return names;
    }

    private static boolean isContinuation(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0));
    }

    private static boolean hasTurnstileLine(String block) {
        return block.lines().anyMatch(l -> l.startsWith(TURNSTILE));
    }

    /** Drops the spaces after {@code :} or {@code ⊢} but keeps a line break, which marks Lean's wrapped layout. */
    private static String stripLeadingSpaces(String s) {
        int k = 0;
        while (k < s.length() && s.charAt(k) == ' ') {
            k++;
        }
        return s.substring(k);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
