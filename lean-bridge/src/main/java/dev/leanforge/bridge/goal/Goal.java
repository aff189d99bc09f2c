package dev.leanforge.bridge.goal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One goal of a tactic state: optional case tag, hypotheses in order, and the target after {@code ⊢}.
 *
 * <p>Types, let-values and targets keep Lean's own text: one that Lean wrapped over several lines keeps its line
 * breaks and indentation, and one that Lean started on the line after the colon ({@code h :\n  T}) starts with
 * that line break, so {@link #text()} reproduces the goal exactly as Lean printed it.
 */
public record Goal(Optional<String> caseTag, List<Hypothesis> hypotheses, String target) {
    public Goal {
        Objects.requireNonNull(caseTag, "caseTag");
        Objects.requireNonNull(target, "target");
        hypotheses = List.copyOf(hypotheses);
    }

    /**
     * {@code names : type} (several names share one type as Lean prints them: {@code a b : Nat}), or a let-bound
     * local {@code x : type := value}. Names ending in {@code ✝} are inaccessible; old Lean versions print an
     * inaccessible hypothesis with no name at all ({@code : 0 + n✝ = n✝}), which gives an empty name list.
     */
    public record Hypothesis(List<String> names, String type, Optional<String> value) {
        public Hypothesis {
            names = List.copyOf(names);
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(value, "value");
        }

        public Hypothesis(List<String> names, String type) {
            this(names, type, Optional.empty());
        }

        /** Lean's text for this hypothesis. */
        public String text() {
            String head = names.isEmpty() ? ":" : String.join(" ", names) + " :";
            String typed = type.startsWith("\n") ? head + type : head + " " + type;
            return value.map(v -> typed + (v.startsWith("\n") ? " :=" : " := ") + v).orElse(typed);
        }
    }

    /** The goal as Lean prints it: {@code case} line, one line per hypothesis group, then {@code ⊢ target}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        caseTag.ifPresent(tag -> sb.append("case ").append(tag).append('\n'));
        for (Hypothesis h : hypotheses) {
            sb.append(h.text()).append('\n');
        }
        sb.append(target.startsWith("\n") ? "⊢" : "⊢ ").append(target);
        return sb.toString();
    }
}
