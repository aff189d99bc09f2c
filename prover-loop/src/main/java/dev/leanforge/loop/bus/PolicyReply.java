package dev.leanforge.loop.bus;

import dev.leanforge.loop.policy.Policy.Completion;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The completions a policy gave, and how long it worked on them. */
public record PolicyReply(List<Completion> completions, Duration elapsed) {
    public PolicyReply {
        completions = List.copyOf(completions);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
