package dev.leanforge.trainer.training;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A refused training setting is named with the value given (the CLI prints the message as it is). */
class OptionChecksTest {

    @Test
    void aBadHyperparameterIsNamedWithItsValue() {
        assertThatThrownBy(() -> Hyperparameters.defaults().withLearningRate(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad hyperparameters: learning rate must be > 0, got -1.0");
        assertThatThrownBy(() -> new Hyperparameters(1e-3, -2, 0.1, -0.5, 0.9, 1.0, 1e-8, 1.0))
                .hasMessage("bad hyperparameters: warm-up steps must be >= 0, got -2; weight decay must be >= 0, "
                        + "got -0.5; Adam's betas must be in [0, 1), got 0.9 and 1.0");
    }

    @Test
    void aBadRunOptionIsNamedWithItsValue() {
        assertThatThrownBy(() -> new RunOptions(0, 1, 0, Hyperparameters.defaults(), 0, 0, 0, 1))
                .hasMessage("bad run options: batch size must be >= 1, got 0");
        assertThatThrownBy(() -> new RunOptions(8, 0, 0, Hyperparameters.defaults(), 0, -1, 0, 0))
                .hasMessage("bad run options: epochs or max steps must be >= 1 (and neither negative), got 0 and 0; "
                        + "save-every must be >= 0, got -1; checkpoints kept must be >= 1, got 0");
    }
}
