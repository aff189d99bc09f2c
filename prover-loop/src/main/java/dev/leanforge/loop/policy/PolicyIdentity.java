package dev.leanforge.loop.policy;

import java.util.Objects;

/**
 * Which completions a policy gives, as a campaign and a worker serving its policy compare them
 * ({@code campaign run --policy-on-workers}): equal identities give the same completions for the same calls.
 *
 * <p>The description is what the store calls the policy; it leaves out settings that change no proof (so a campaign
 * resumes under them) but may change the completions, e.g. openai's {@code max-n} (how samples are split into
 * seeded requests) and {@code logprobs} (the log-probs best-first ranks by). The identity adds those, so that a
 * campaign never gets completions from a differently configured policy. Settings local to a machine (an API key's
 * variable, timeouts, retries) are in neither: workers differing only there serve the same completions.
 *
 * @param description {@link PolicyKind.Opening#description()}
 * @param identity    the description and the settings that shape completions besides, in a canonical text; equal
 *                    to the description for kinds whose description says everything ({@code scripted:},
 *                    {@code model:})
 */
public record PolicyIdentity(String description, String identity) {

    public PolicyIdentity {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(identity, "identity");
        if (!identity.startsWith(description)) {
            // Readable in logs: the identity says which policy, then what else must match.
            throw new IllegalArgumentException("an identity starts with the description \"" + description
                    + "\"; got \"" + identity + "\"");
        }
    }

    /** A policy whose description says everything that shapes its completions. */
    public static PolicyIdentity of(String description) {
        return new PolicyIdentity(description, description);
    }
}
