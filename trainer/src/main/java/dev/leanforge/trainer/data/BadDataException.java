package dev.leanforge.trainer.data;

import java.io.IOException;

/** A data file holds a bad line and the reader was told to {@link BadLinePolicy#REJECT reject} it. */
public final class BadDataException extends IOException {

    private final transient BadLine badLine;

    public BadDataException(BadLine badLine) {
        super(badLine.toString());
        this.badLine = badLine;
    }

    public BadLine badLine() {
        return badLine;
    }
}
