package dev.leanforge.bridge.source;

/** Text the lexer could not close, such as a comment or string that runs to the end of the file. */
public record LexError(int offset, String message) {}
