package dev.leanforge.trainer.training;

/**
 * Linear warm-up from 0 to the peak rate over {@code warmupSteps}, then a half cosine down to
 * {@code minRatio × peak} at {@code totalSteps}.
 */
public record LearningRateSchedule(double peak, int warmupSteps, long totalSteps, double minRatio) {

    public LearningRateSchedule {
        if (peak <= 0 || warmupSteps < 0 || totalSteps <= 0 || minRatio < 0 || minRatio > 1) {
            throw new IllegalArgumentException("bad schedule: peak " + peak + ", warm-up " + warmupSteps
                    + ", total " + totalSteps + ", min ratio " + minRatio);
        }
    }

    /** The rate for step {@code step} (1-based: the first update is step 1). */
    public double rate(long step) {
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        long decaySteps = totalSteps - warmupSteps;
        if (decaySteps <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return peak * (minRatio + (1 - minRatio) * cosine);
    }
}
