package dev.leanforge.trainer.batch;

/** A preference example as tokens: the same context followed by the preferred and the dispreferred completion. */
public record TokenPair(TokenSequence chosen, TokenSequence rejected) {}
