package dev.leanforge.loop.verify;

import dev.leanforge.bridge.source.LeanLexer;
import dev.leanforge.bridge.source.Token;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which snippet headers a verification server runs. A snippet is a whole file, and everything before its theorem
 * (imports, options, earlier declarations) runs in Lean unscanned: only the proof is scanned by the source policy.
 * So a header from an API client is trusted only when the server was told to trust every header
 * ({@link #trustAll()}, {@code --trust-headers}), and otherwise must equal one the server knows
 * ({@link #allowing}: {@code --allow-header FILE} and the headers of the theorem sets), or hold nothing but
 * comments. Headers are compared after {@link #normalize}: line endings, trailing blanks and blank lines at either
 * end do not matter; everything else must be identical.
 */
public final class HeaderTrust {

    private final boolean trustAll;
    private final Set<String> allowed;

    private HeaderTrust(boolean trustAll, Set<String> allowed) {
        this.trustAll = trustAll;
        this.allowed = Set.copyOf(allowed);
    }

    /** Every header is run as given: only for clients that may run code on this server. */
    public static HeaderTrust trustAll() {
        return new HeaderTrust(true, Set.of());
    }

    /** Only these headers (and empty or comment-only ones). */
    public static HeaderTrust allowing(Collection<String> headers) {
        return new HeaderTrust(false, headers.stream().map(HeaderTrust::normalize)
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    public boolean trustsAll() {
        return trustAll;
    }

    /** How many distinct headers are allowed besides empty ones (0 when every header is trusted). */
    public int allowedCount() {
        return allowed.size();
    }

    /** Why {@code header} is not run, or empty when it may be. */
    public Optional<String> refusal(String header) {
        if (trustAll || allowed.contains(normalize(header)) || onlyComments(header)) {
            return Optional.empty();
        }
        return Optional.of("its header (the text before the theorem) is not one this server runs: a header is "
                + "trusted code, so it must equal an allowed header (--allow-header FILE, or a theorem set's header) "
                + "unless the server runs with --trust-headers");
    }

    /** CRLF as LF, no trailing blanks on any line, no blank lines at the start or end. */
    public static String normalize(String header) {
        String[] lines = header.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            out.append(line.stripTrailing()).append('\n');
        }
        String joined = out.toString();
        // Drop blank lines at either end (every line is already right-stripped).
        int start = 0;
        while (start < joined.length() && joined.charAt(start) == '\n') {
            start++;
        }
        return joined.substring(start).stripTrailing();
    }

    private static boolean onlyComments(String header) {
        LeanLexer.Result lexed = LeanLexer.lex(header);
        return lexed.isClean() && lexed.tokens().stream().allMatch(t -> t.kind() == Token.Kind.LINE_COMMENT
                || t.kind() == Token.Kind.BLOCK_COMMENT);
    }
}
