package dev.leanforge.loop.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CheckpointPassAtKTest {

    @Test
    void passAtKIsReadPerSplitAndAtTheTopLevelAndEverythingElseIsLeftAlone() throws Exception {
        var metrics = new ObjectMapper().readTree("""
                {"valid": {"pass@1": 0.25, "pass@8": 0.5, "loss": 1.3, "pass@k": 0.9},
                 "train": {"pass@1": 0.75},
                 "pass@4": 0.4, "pass@0": 1, "pass@2": "high", "steps": 120}
                """);

        assertThat(CheckpointPassAtK.of(metrics)).containsExactly(
                new CheckpointPassAtK.Point("valid", 1, 0.25),
                new CheckpointPassAtK.Point("valid", 8, 0.5),
                new CheckpointPassAtK.Point("train", 1, 0.75),
                new CheckpointPassAtK.Point("all", 4, 0.4));
    }
}
