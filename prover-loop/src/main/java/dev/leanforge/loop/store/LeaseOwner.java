package dev.leanforge.loop.store;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One run that may hold a campaign's lease: the process (host, pid and when it started, so a reused pid is not
 * mistaken for it) and a token telling runs of one process apart.
 */
public record LeaseOwner(String host, long pid, Instant processStart, String token) {

    /** The start of a process whose start time the OS does not tell. */
    static final Instant UNKNOWN_START = Instant.EPOCH;

    public LeaseOwner {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(processStart, "processStart");
        Objects.requireNonNull(token, "token");
    }

    /** A new run of this process. */
    public static LeaseOwner thisProcess() {
        ProcessHandle self = ProcessHandle.current();
        return new LeaseOwner(ThisHost.NAME, self.pid(), self.info().startInstant().orElse(UNKNOWN_START),
                UUID.randomUUID().toString());
    }

    /**
     * Whether this owner's process is known to have ended: it ran on this host and its pid is gone, or now belongs to
     * a process that started at another time. A process on another host cannot be looked at: only its lease's age
     * tells.
     */
    public boolean isGoneFromThisHost() {
        if (!host.equals(ThisHost.NAME)) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        return started.isPresent() && !processStart.equals(UNKNOWN_START) && !started.get().equals(processStart);
    }

    /** Looked up once: it can be slow where the name service is. */
    private static final class ThisHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "unknown-host";
            }
        }
    }
}
