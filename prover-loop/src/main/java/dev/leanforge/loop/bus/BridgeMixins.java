package dev.leanforge.loop.bus;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.Verdict;

/**
 * Jackson mixins for the bridge's value types, which stay free of Jackson annotations. The sealed answers carry an
 * explicit discriminator: a JSON with an unknown or missing one is a decode error, never some default verdict.
 */
final class BridgeMixins {

    private BridgeMixins() {}

    /** Verdicts are told apart by their {@link Verdict.Status} word, as in the CLI's and the store's JSON. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Verdict.Proved.class, name = "PROVED"),
            @JsonSubTypes.Type(value = Verdict.Failed.class, name = "FAILED"),
            @JsonSubTypes.Type(value = Verdict.Rejected.class, name = "REJECTED"),
            @JsonSubTypes.Type(value = Verdict.Timeout.class, name = "TIMEOUT"),
            @JsonSubTypes.Type(value = Verdict.Crashed.class, name = "CRASHED")})
    interface VerdictMixin {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "answer")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = GoalAnswer.State.class, name = "STATE"),
            @JsonSubTypes.Type(value = GoalAnswer.NoState.class, name = "NO_STATE"),
            @JsonSubTypes.Type(value = GoalAnswer.Rejected.class, name = "REJECTED"),
            @JsonSubTypes.Type(value = GoalAnswer.Timeout.class, name = "TIMEOUT"),
            @JsonSubTypes.Type(value = GoalAnswer.Crashed.class, name = "CRASHED")})
    interface GoalAnswerMixin {}

    /** {@code isError()} is derived from the severity: written, it would come back as an unknown property. */
    abstract static class LeanMessageMixin {
        @JsonIgnore
        abstract boolean isError();
    }
}
