package io.github.zerotrust.keycloak.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Whether one outbound call may be made, and if so to exactly which addresses; if not, a stable reason id and a
 * sentence for the log. The sentence names the rule, never what the far side answered (no status oracle).
 *
 * @param uri       the URL to call (present when allowed)
 * @param host      its host, for the TLS name and the {@code Host} header
 * @param addresses the addresses it resolved to and that were judged (connect to these only)
 */
public record OutboundJudgement(Optional<URI> uri, String host, List<InetAddress> addresses, Optional<String> refusal,
                                String detail) {

    public static final String MALFORMED = "malformed-url";
    public static final String NOT_HTTPS = "not-https";
    public static final String HOST_NOT_ALLOWED = "host-not-allowed";
    public static final String UNRESOLVABLE = "unresolvable";
    public static final String PRIVATE_ADDRESS = "private-address";

    public OutboundJudgement {
        addresses = List.copyOf(addresses);
    }

    static OutboundJudgement allowed(URI uri, String host, List<InetAddress> addresses) {
        return new OutboundJudgement(Optional.of(uri), host, addresses, Optional.empty(), "allowed");
    }

    static OutboundJudgement refused(String reason, String detail) {
        return new OutboundJudgement(Optional.empty(), "", List.of(), Optional.of(reason), detail);
    }

    public boolean isAllowed() {
        return refusal.isEmpty();
    }
}
