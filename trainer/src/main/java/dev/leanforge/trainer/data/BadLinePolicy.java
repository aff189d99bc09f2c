package dev.leanforge.trainer.data;

/** What a reader does with a line it cannot turn into a record. Either way the line is reported. */
public enum BadLinePolicy {
    /** Report the line, leave it out and go on. */
    SKIP,
    /** Fail on the first bad line. */
    REJECT
}
