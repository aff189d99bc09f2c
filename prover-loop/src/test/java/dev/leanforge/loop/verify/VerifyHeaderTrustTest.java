package dev.leanforge.loop.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which snippet headers run, and the REPL's code-point columns. */
class VerifyHeaderTrustTest {

    private static final String MATHLIB = "import Mathlib\nimport Aesop\n\nset_option maxHeartbeats 400000\n\n"
            + "open BigOperators Real Nat Topology Rat";

    @Test
    void anAllowedHeaderMatchesUpToLineEndingsAndTrailingBlanksOnly() {
        HeaderTrust trust = HeaderTrust.allowing(List.of(MATHLIB + "\n"));

        assertThat(trust.refusal(MATHLIB)).isEmpty();
        assertThat(trust.refusal("\n" + MATHLIB.replace("\n", "  \r\n") + "\n\n")).isEmpty();
        assertThat(trust.refusal(MATHLIB + "\n#eval IO.println 1")).isPresent();
        assertThat(trust.refusal(MATHLIB.replace("400000", "0"))).isPresent();
        assertThat(trust.refusal("import Mathlib")).get().asString().contains("--trust-headers");
    }

    @Test
    void emptyAndCommentOnlyHeadersAlwaysRunAndTrustAllRunsAnything() {
        HeaderTrust none = HeaderTrust.allowing(List.of());

        assertThat(none.refusal("")).isEmpty();
        assertThat(none.refusal("-- a note\n/- a block\n  comment -/\n")).isEmpty();
        assertThat(none.refusal("/-- a docstring -/")).as("a docstring belongs to a declaration").isPresent();
        assertThat(none.refusal("-- note\nimport Mathlib")).isPresent();
        assertThat(none.refusal("/- unclosed")).isPresent();
        assertThat(HeaderTrust.trustAll().refusal("import Mathlib\n#eval IO.println 1")).isEmpty();
    }

    @Test
    void columnsAreCountedInCodePointsAsTheReplCountsThem() {
        String code = "import Std\n  ∀ 𝔸 x\n";

        // After `𝔸` (two UTF-16 units, one code point): UTF-16 column 6 is code point 5.
        assertThat(KiminaJson.codePoints(code, 2, 6)).isEqualTo(5);
        assertThat(KiminaJson.codePoints(code, 1, 3)).isEqualTo(3);
    }
}
