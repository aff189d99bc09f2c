package dev.leanforge.loop.policy.openai;

/**
 * The completions server could not be used: unreachable after the retries, an error status, or an answer that is
 * not a completions response. The message names the URL, the status and the start of the server's answer.
 */
public final class OpenAiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OpenAiException(String message) {
        super(message);
    }

    OpenAiException(String message, Throwable cause) {
        super(message, cause);
    }
}
