package dev.leanforge.loop.star;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Promotion decisions on hand-made per-theorem pass@k vectors of the valid split. */
class StarPromotionTest {

    private static final long SEED = 1234;

    private static Promotion rule(Promotion.Rule rule, double margin) {
        return new Promotion(rule, margin, 0.9, SEED);
    }

    /** Per theorem {@code t0 … tN}: the given pass@k values. */
    private static Map<String, Double> vector(double... values) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put("t" + i, values[i]);
        }
        return map;
    }

    private static double mean(Map<String, Double> v) {
        return v.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static Promotion.Decision decide(Promotion promotion, Map<String, Double> before,
            Map<String, Double> after) {
        return promotion.decide("pass@8", mean(before), mean(after), before, after);
    }

    @Test
    void aTieAtZeroIsKeptByEveryRule() {
        Map<String, Double> zeros = vector(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (Promotion.Rule r : Promotion.Rule.values()) {
            Promotion.Decision d = decide(rule(r, 0), zeros, zeros);
            assertThat(d.promoted()).as(r + ": " + d.reason()).isFalse();
            assertThat(d.rule()).isEqualTo(r.word());
        }
        assertThat(decide(rule(Promotion.Rule.STRICT, 0), zeros, zeros).reason()).contains("a tie is no evidence");
        assertThat(decide(rule(Promotion.Rule.NON_INFERIORITY, 0.05), zeros, zeros).reason())
                .contains("proves nothing");
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), zeros, zeros).reason())
                .contains("0 theorems changed", "not above the margin");
    }

    @Test
    void aTieAboveZeroIsKeptByStrictAndBootstrapAndPromotedByNonInferiority() {
        Map<String, Double> same = vector(1, 1, 0, 0.5, 1, 0, 0, 1);
        assertThat(decide(rule(Promotion.Rule.STRICT, 0), same, same).promoted()).isFalse();
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), same, same).promoted()).isFalse();
        assertThat(decide(rule(Promotion.Rule.NON_INFERIORITY, 0), same, same).promoted()).isTrue();
    }

    @Test
    void aClearImprovementIsPromoted() {
        Map<String, Double> before = vector(0, 0, 0, 0, 0, 0, 0, 0, 1, 1);
        Map<String, Double> after = vector(1, 1, 1, 1, 1, 1, 0, 0, 1, 1);
        for (Promotion.Rule r : Promotion.Rule.values()) {
            Promotion.Decision d = decide(rule(r, 0), before, after);
            assertThat(d.promoted()).as(r + ": " + d.reason()).isTrue();
        }
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, after).reason())
                .contains("paired bootstrap over 10 valid theorems", "6 theorems changed", "above the margin");
    }

    @Test
    void oneLuckyTheoremOfTenIsNoEvidenceForTheBootstrapButIsForStrict() {
        Map<String, Double> before = vector(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Map<String, Double> after = vector(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, after).promoted()).isFalse();
        assertThat(decide(rule(Promotion.Rule.STRICT, 0), before, after).promoted()).isTrue();
        assertThat(decide(rule(Promotion.Rule.STRICT, 0.2), before, after).promoted()).as("within the margin")
                .isFalse();
    }

    @Test
    void aDropIsKeptUnlessWithinTheNonInferiorityMargin() {
        Map<String, Double> before = vector(1, 1, 1, 1, 0);
        Map<String, Double> after = vector(1, 1, 1, 0, 0);
        assertThat(decide(rule(Promotion.Rule.NON_INFERIORITY, 0.1), before, after).promoted()).isFalse();
        assertThat(decide(rule(Promotion.Rule.NON_INFERIORITY, 0.25), before, after).promoted()).isTrue();
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, after).promoted()).isFalse();
        assertThat(decide(rule(Promotion.Rule.STRICT, 0), before, after).promoted()).isFalse();
    }

    @Test
    void theBootstrapIsDeterministicForASeedAndPairsOnlyTheoremsBothEstimated() {
        Map<String, Double> before = vector(0, 0.5, 0, 1, 0, 0, 0.25, 0);
        Map<String, Double> after = vector(0.5, 0.5, 0.25, 1, 0, 1, 0, 0);
        Promotion.Decision first = decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, after);
        Promotion.Decision again = decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, after);
        assertThat(again).isEqualTo(first);
        List<Double> differences = List.of(0.5, 0.0, 0.25, 0.0, 0.0, 1.0, -0.25, 0.0);
        assertThat(Promotion.lowerBound(differences, 0.9, SEED)).isEqualTo(Promotion.lowerBound(differences, 0.9,
                SEED));

        Map<String, Double> fewer = new LinkedHashMap<>(after);
        fewer.remove("t5"); // the candidate's campaign could not estimate it
        assertThat(decide(rule(Promotion.Rule.BOOTSTRAP, 0), before, fewer).reason())
                .contains("over 7 valid theorems");
    }

    @Test
    void withoutPerTheoremValuesTheBootstrapDecidesAsStrictAndSaysSo() {
        Promotion.Decision d = rule(Promotion.Rule.BOOTSTRAP, 0).decide("pass@8", 0.4, 0.6, Map.of(), Map.of());
        assertThat(d.promoted()).isTrue();
        assertThat(d.rule()).isEqualTo("strict");
        assertThat(d.reason()).startsWith("no per-theorem values to bootstrap over");
    }
}
