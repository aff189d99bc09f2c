package dev.leanforge.trainer.dpo;

import dev.leanforge.trainer.batch.TokenPair;

/** A preference pair with the reference model's summed completion log-probabilities, computed once beforehand. */
public record DpoExample(TokenPair pair, double referenceChosen, double referenceRejected) {}
