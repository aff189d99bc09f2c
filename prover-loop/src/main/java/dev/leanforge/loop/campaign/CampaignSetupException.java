package dev.leanforge.loop.campaign;

/**
 * A campaign could not start: its policy could not be opened, or Lean could not be started. Nothing was searched;
 * the message says what to fix.
 */
public final class CampaignSetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CampaignSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
