package dev.leanforge.loop.http;

import io.netty.util.NetUtil;
import io.vertx.core.Handler;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Host header names the server answers to, against DNS rebinding: a page on evil.example whose name an attacker
 * then points at 127.0.0.1 reaches a local dashboard with {@code Host: evil.example}, and the browser lets that page
 * read the answers. Answered: {@code localhost}, the loopback addresses, the host the server is bound to, the names
 * given ({@code --allowed-host}), any port. When bound to every interface ({@code 0.0.0.0}, {@code ::}) any IP
 * address is answered too: an address in the Host header cannot come from rebinding a name, and the machine's own
 * addresses are not known here. {@code *} turns the check off (behind a proxy that checks Host itself).
 *
 * @param names lower-case host names and addresses, IPv6 ones without brackets
 */
record AllowedHosts(Set<String> names, boolean anyAddress, boolean any) {

    static final String ANY = "*";

    AllowedHosts {
        names = Set.copyOf(names);
    }

    static AllowedHosts of(String boundHost, List<String> extra) {
        Set<String> names = new HashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(normal(boundHost));
        extra.stream().map(AllowedHosts::normal).forEach(names::add);
        String bound = normal(boundHost);
        return new AllowedHosts(names, bound.equals("0.0.0.0") || bound.equals("::"), extra.contains(ANY));
    }

    /** Whether a request whose authority (Host header) is {@code authority} is answered; null (none) is not. */
    boolean allows(HostAndPort authority) {
        if (any) {
            return true;
        }
        if (authority == null) {
            return false;
        }
        String name = normal(authority.host());
        return names.contains(name)
                || anyAddress && (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name));
    }

    /** Why a request was refused, for its error body: what to start the server with instead. */
    String refusal(HostAndPort authority) {
        return (authority == null ? "no Host header" : "Host \"" + authority.host() + "\" is not a name of this"
                + " server") + "; it answers to localhost and its own address (start it with --allowed-host NAME to"
                + " add a name)";
    }

    private static String normal(String host) {
        String lower = host.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    /** A route handler that passes allowed requests on and fails the others with 421 and {@link #refusal}. */
    Handler<RoutingContext> handler() {
        return context -> {
            HostAndPort authority = context.request().authority();
            if (allows(authority)) {
                context.next();
            } else {
                context.fail(new HttpException(421, refusal(authority)));
            }
        };
    }
}
