package dev.leanforge.trainer.data;

/** A supervised example in TRL's prompt–completion form: the policy learns to write {@code completion}. */
public record SftRecord(String prompt, String completion) {}
