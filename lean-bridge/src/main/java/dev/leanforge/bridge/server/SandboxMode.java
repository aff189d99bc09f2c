package dev.leanforge.bridge.server;

import java.util.Locale;
import java.util.Map;

/**
 * Whether leanforge wraps the Lean servers it starts in its {@link Sandbox}: {@code auto} (the default) where
 * {@code bwrap} works, {@code required} or refuse to start Lean, {@code off} never. Set by {@code --sandbox MODE},
 * {@code --no-sandbox} or {@code LEANFORGE_SANDBOX}.
 */
public enum SandboxMode {
    AUTO, REQUIRED, OFF;

    /** The environment variable that sets the mode when no option does. */
    public static final String ENV = "LEANFORGE_SANDBOX";

    /** {@code auto}, {@code required} or {@code off}, in any case. */
    public static SandboxMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sandbox mode '" + text + "': use auto, required or off", e);
        }
    }

    /** The mode {@link #ENV} sets; {@link #AUTO} when it is unset or blank. */
    public static SandboxMode fromEnv(Map<String, String> env) {
        String value = env.get(ENV);
        return value == null || value.isBlank() ? AUTO : parse(value);
    }

    /** The word used on the command line and in {@link #ENV}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
