package dev.leanforge.loop.theorems;

import java.util.List;
import java.util.stream.Collectors;

/** An input (a set, a file to import) was refused; every error found is listed, not just the first. */
public final class InvalidInputException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<InputError> errors;

    public InvalidInputException(List<InputError> errors) {
        super(errors.stream().map(InputError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no errors");
        }
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(Location where, String message) {
        this(List.of(new InputError(where, message)));
    }

    public List<InputError> errors() {
        return errors;
    }
}
