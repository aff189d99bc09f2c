package dev.leanforge.loop.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.verdict.Verdict;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignProgressTest {

    private static final String PUBLISHED = """
            {"campaignId": 7, "set": "core-nat", "split": "train", "strategy": "sample", "theoremsDone": 3,
             "theoremsTotal": 10, "solved": 2, "attempts": 12, "checksPerSecond": 4.5,
             "verdicts": {"PROVED": 2, "FAILED": 8, "REJECTED": 1, "TIMEOUT": 1, "CRASHED": 0}, "finished": false}
            """;

    @Test
    void theEventTheCoordinatorPublishesReadsAndWritesBackTheSame() {
        CampaignProgress progress = CampaignProgress.fromJson(new JsonObject(PUBLISHED));

        assertThat(progress).isEqualTo(new CampaignProgress(7, "core-nat", Optional.of("train"), "sample", 3, 10, 2,
                12, 4.5, Map.of(Verdict.Status.PROVED, 2, Verdict.Status.FAILED, 8, Verdict.Status.REJECTED, 1,
                Verdict.Status.TIMEOUT, 1), false));
        assertThat(progress.toJson()).isEqualTo(new JsonObject(PUBLISHED));
    }

    @Test
    void aMissingStatusCountsZeroAndANullSplitIsTheWholeSet() {
        JsonObject json = new JsonObject(PUBLISHED).putNull("split").put("verdicts", new JsonObject().put("PROVED", 2));

        CampaignProgress progress = CampaignProgress.fromJson(json);

        assertThat(progress.split()).isEmpty();
        assertThat(progress.verdicts()).containsExactly(Map.entry(Verdict.Status.PROVED, 2),
                Map.entry(Verdict.Status.FAILED, 0), Map.entry(Verdict.Status.REJECTED, 0),
                Map.entry(Verdict.Status.TIMEOUT, 0), Map.entry(Verdict.Status.CRASHED, 0));
    }

    @Test
    void aBadEventIsRefusedWithTheFieldNamed() {
        JsonObject json = new JsonObject(PUBLISHED);

        assertThatThrownBy(() -> CampaignProgress.fromJson(json.copy().put("verdicts", new JsonObject()
                .put("SORRY", 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown verdict status 'SORRY'").hasMessageContaining("PROVED, FAILED");
        assertThatThrownBy(() -> CampaignProgress.fromJson(withoutField(json, "theoremsTotal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lacks 'theoremsTotal'");
        assertThatThrownBy(() -> CampaignProgress.fromJson(json.copy().put("set", 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'set' of the wrong type");
        assertThatThrownBy(() -> CampaignProgress.fromJson(json.copy().put("attempts", 2.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'attempts' that is not a whole");
        assertThatThrownBy(() -> CampaignProgress.fromJson(json.copy().put("solved", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("solved must be >= 0, got -1");
        assertThatThrownBy(() -> CampaignProgress.fromJson(json.copy().put("checksPerSecond", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("checksPerSecond");
    }

    private static JsonObject withoutField(JsonObject json, String field) {
        JsonObject copy = json.copy();
        copy.remove(field);
        return copy;
    }
}
