package dev.leanforge.trainer.records;

/** What to do with a data line that cannot be used. Either way it is reported with its line number. */
public enum BadLinePolicy {
    /** Report the line and go on without it. */
    SKIP,
    /** Stop at the first bad line. */
    REJECT
}
