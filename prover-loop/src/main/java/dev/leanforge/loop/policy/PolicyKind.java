package dev.leanforge.loop.policy;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One kind of policy the {@code --policy KIND:ARGUMENT} option can name ({@code scripted:FILE}, and later
 * {@code model:DIR}, {@code openai:URL}). Register new kinds in {@link PolicyKinds#BUILT_IN}.
 */
public interface PolicyKind {

    /** The word before the colon, e.g. {@code scripted}. */
    String kind();

    /** One line for error messages and help: the form and what it is, e.g. {@code scripted:FILE  rules (tests)}. */
    String usage();

    /**
     * Checks {@code argument} without loading anything heavy (e.g. that a file exists) and says how to open the
     * policy.
     *
     * @throws IllegalArgumentException saying what is wrong with the argument
     */
    Opening prepare(String argument);

    /**
     * As {@link #prepare(String)}, with the campaign's policy settings. Kinds that have settings of their own
     * override this; the others ignore the settings.
     *
     * @throws IllegalArgumentException saying what is wrong with the argument or the settings
     */
    default Opening prepare(String argument, PolicySettings settings) {
        return prepare(argument);
    }

    /**
     * A policy ready to be opened.
     *
     * <p>The description is what the store and reports call the policy; equal descriptions mean the same policy, so
     * a campaign with it is resumed rather than started anew (use absolute paths).
     *
     * @param id          the description and what a worker serving the policy must match (see
     *                    {@link PolicyIdentity})
     * @param open        loads the policy; may block (model weights) and is called on a worker thread; throws an
     *                    unchecked exception with a message for people when it cannot
     */
    record Opening(PolicyIdentity id, Supplier<Policy> open) {
        public Opening {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(open, "open");
        }

        /** A policy whose description says everything that shapes its completions. */
        public Opening(String description, Supplier<Policy> open) {
            this(PolicyIdentity.of(description), open);
        }

        /** What the store and reports call the policy. */
        public String description() {
            return id.description();
        }
    }
}
