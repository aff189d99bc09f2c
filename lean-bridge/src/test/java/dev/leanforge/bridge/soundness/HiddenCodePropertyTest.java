package dev.leanforge.bridge.soundness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: no forbidden word can hide from the scan inside nested strings, interpolation holes, comments, character
 * literals and brackets.
 *
 * <p>A generator builds proofs from Lean's constructs and knows, independently of the lexer, which words are code:
 * words at top level, in brackets and in interpolation holes (at any depth) are code; words in string text, raw
 * strings and comments are not. Every proof whose code holds a forbidden word must be refused. So that a scan
 * refusing everything cannot pass, a good share of proofs without forbidden code must be allowed.
 */
class HiddenCodePropertyTest {

    private static final SourcePolicy POLICY = SourcePolicy.standard();
    private static final List<String> FORBIDDEN = List.of("sorry", "native_decide", "run_tac", "Lean.ofReduceBool",
            "Lean.«ofReduceBool»", "«sorry»", "implemented_by", "by_elab", "trustCompiler", "admit");
    private static final List<String> HARMLESS = List.of("x", "h", "simp", "Nat.succ", "hsorry_free", "h.1", "omega",
            "exact", "rfl", "«my lemma»", "α", "h₁", "f'", "toString", "0", "42", "2.5");
    /** Text a string, comment or character literal may hold; it tempts the lexer to end early or late. */
    private static final List<String> TEXT_NOISE = List.of("}", "{", "\\\"", "-/", "/-", "--", "'", "\\\\", "\\n",
            "«", "»", "#exit", "(", ")", "r#", "s!", "\\x41", "\\u03bb", " ", "a");

    private record Fragment(String text, boolean forbiddenCode) {
    }

    private static final class Generator {
        private final Random random;

        Generator(long seed) {
            random = new Random(seed);
        }

        private <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        /** A sequence of code fragments separated by blanks, balanced, with no {@code }} at depth 0. */
        Fragment code(int depth) {
            int n = 1 + random.nextInt(4);
            StringBuilder text = new StringBuilder();
            boolean forbidden = false;
            for (int k = 0; k < n; k++) {
                Fragment f = fragment(depth);
                text.append(k == 0 ? "" : random.nextInt(5) == 0 ? "\n  " : " ").append(f.text());
                forbidden |= f.forbiddenCode();
            }
            return new Fragment(text.toString(), forbidden);
        }

        Fragment fragment(int depth) {
            int choice = random.nextInt(depth > 0 ? 11 : 7);
            return switch (choice) {
                case 0 -> random.nextInt(6) == 0 ? new Fragment(pick(FORBIDDEN), true)
                        : new Fragment(pick(HARMLESS), false);
                case 1 -> new Fragment("\"" + stringText(false) + "\"", false);
                case 2 -> new Fragment("r#\"" + rawText() + "\"#", false);
                case 3 -> new Fragment("/- " + commentText() + " -/", false);
                case 4 -> new Fragment("-- " + commentText().replace("\n", " ") + "\n", false);
                case 5 -> new Fragment(pick(List.of("'}'", "'{'", "'\"'", "'\\''", "'\\\\'", "'a'", "'-'")), false);
                case 6 -> new Fragment(pick(List.of("+", "=", ":", ",", "·", "→", "<;>", "|>.")), false);
                case 7, 8 -> interpolated(depth - 1);
                default -> bracketed(depth - 1);
            };
        }

        private Fragment interpolated(int depth) {
            StringBuilder text = new StringBuilder(pick(List.of("s!", "m!", "f!", "throwError ", "")) + "\"");
            boolean forbidden = false;
            int holes = 1 + random.nextInt(2);
            for (int k = 0; k < holes; k++) {
                Fragment hole = code(depth);
                text.append(stringText(true)).append("{").append(hole.text()).append(" }");
                forbidden |= hole.forbiddenCode();
            }
            return new Fragment(text.append(stringText(true)).append("\"").toString(), forbidden);
        }

        private Fragment bracketed(int depth) {
            String[] pair = pick(List.of(new String[] {"(", ")"}, new String[] {"[", "]"},
                    new String[] {"⟨", "⟩"}, new String[] {"{ ", " }"}));
            Fragment inner = code(depth);
            return new Fragment(pair[0] + inner.text() + pair[1], inner.forbiddenCode());
        }

        /** String text: no unescaped quote or backslash; braces only where the string has no holes. */
        private String stringText(boolean interpolated) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(4);
            for (int k = 0; k < n; k++) {
                String piece = random.nextInt(3) == 0 ? pick(FORBIDDEN) : pick(TEXT_NOISE);
                if (interpolated && (piece.equals("{") || piece.equals("}"))) {
                    piece = "\\{";
                }
                if (!interpolated && piece.equals("{")) {
                    piece = "(";
                }
                s.append(piece);
            }
            return s.toString();
        }

        private String rawText() {
            return stringText(false).replace("\\", "") + pick(List.of("\"", "{", "}", "", "-/"));
        }

        /** Comment text: nested comments balanced, anything else goes. */
        private String commentText() {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(4);
            for (int k = 0; k < n; k++) {
                String piece = random.nextInt(3) == 0 ? pick(FORBIDDEN)
                        : pick(List.of("\"", "{", "}", "'", "s!\"{", "/- nested sorry -/", "-", "/", "«", "\\"));
                s.append(piece).append(random.nextBoolean() ? " " : "");
            }
            return s.toString();
        }
    }

    @Test
    void noForbiddenWordHidesAndHarmlessProofsPass() {
        int withForbidden = 0;
        int harmless = 0;
        int harmlessAllowed = 0;
        for (long seed = 0; seed < 20_000; seed++) {
            Fragment proof = new Generator(seed).code(3);
            String text = "by " + proof.text();
            PolicyResult result = POLICY.check(text);
            if (proof.forbiddenCode()) {
                withForbidden++;
                assertThat(result).as("seed %d: forbidden code in %s", seed, text)
                        .isInstanceOf(PolicyResult.Rejected.class);
            } else {
                harmless++;
                if (result instanceof PolicyResult.Allowed) {
                    harmlessAllowed++;
                }
            }
        }
        assertThat(withForbidden).as("generated proofs with forbidden code").isGreaterThan(2_000);
        assertThat(harmless).as("generated proofs without forbidden code").isGreaterThan(2_000);
        assertThat((double) harmlessAllowed / harmless).as("share of %d harmless proofs allowed", harmless)
                .isGreaterThan(0.3);
    }

    @Test
    void aForbiddenWordInsideAnyHoleDepthIsRefused() {
        assertThat(POLICY.check("by exact (s!\"a{run_tac}b\").length")).isInstanceOf(PolicyResult.Rejected.class)
                .extracting(r -> ((PolicyResult.Rejected) r).construct()).isEqualTo("run_tac");
        // A string inside a hole ends the plain reading early, so nested interpolation is refused as ambiguous.
        String inner = "run_tac";
        for (int depth = 1; depth <= 6; depth++) {
            inner = "s!\"a{" + inner + "}b\"";
            assertThat(POLICY.check("by exact (" + inner + ").length")).as(inner)
                    .isInstanceOf(PolicyResult.Rejected.class);
        }
        inner = "run_tac";
        for (int depth = 1; depth <= 6; depth++) {
            inner = "(" + inner + ")";
            assertThat(POLICY.check("by exact s!\"a{" + inner + "}b\"")).as(inner)
                    .isInstanceOf(PolicyResult.Rejected.class)
                    .extracting(r -> ((PolicyResult.Rejected) r).construct()).isEqualTo("run_tac");
        }
    }

    @Test
    void forbiddenWordsInsideStringTextOrCommentsAreNotCode() {
        assertThat(POLICY.check("by\n  have : s!\"sorry {x} native_decide\" = s!\"{y}\" := rfl /- run_tac -/\n  rfl"))
                .isEqualTo(new PolicyResult.Allowed());
    }
}
