package dev.leanforge.loop.star;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one of a round's trainings did, as the round report and the round's state file keep it.
 *
 * @param model   the model directory it wrote
 * @param loss    the last step's training loss; null when the training had finished before a resume
 * @param metrics the last step's other metrics (DPO: reward accuracy and margin)
 * @param seconds this process's wall time of the training
 */
public record TrainingStep(String model, long steps, Double loss, Map<String, Double> metrics, double seconds) {
    public TrainingStep {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
