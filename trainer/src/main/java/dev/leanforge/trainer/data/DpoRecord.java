package dev.leanforge.trainer.data;

/** A preference pair in TRL's form: for {@code prompt}, {@code chosen} is preferred to {@code rejected}. */
public record DpoRecord(String prompt, String chosen, String rejected) {}
