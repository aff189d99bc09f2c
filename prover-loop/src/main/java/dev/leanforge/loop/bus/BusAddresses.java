package dev.leanforge.loop.bus;

import java.util.UUID;

/**
 * The event-bus addresses of one campaign's policy and Lean verticles (Lean: check, recheck, goal states). Unique per
 * run, so several campaigns can share one Vert.x instance (e.g. under {@code leanforge serve}).
 */
public record BusAddresses(String policy, String check, String recheck, String goals) {

    public static BusAddresses unique() {
        String base = "leanforge.campaign." + UUID.randomUUID();
        return new BusAddresses(base + ".policy", base + ".check", base + ".recheck", base + ".goals");
    }
}
