package io.github.zerotrust.keycloak.authn.outbound;

import io.github.zerotrust.keycloak.outbound.OutboundRules;
import io.github.zerotrust.keycloak.spi.OutboundPolicyProvider;
import org.apache.http.client.HttpClient;
import org.keycloak.connections.httpclient.HttpClientProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The way out of the server: Keycloak's HTTP client (truststore, proxy settings) and the operator's rules of where
 * it may go. Both are thread-safe and outlive the session they were taken from.
 */
public record Outbound(HttpClient client, OutboundRules rules) {

    public static Outbound of(KeycloakSession session) {
        OutboundPolicyProvider policy = session.getProvider(OutboundPolicyProvider.class);
        return new Outbound(session.getProvider(HttpClientProvider.class).getHttpClient(),
                policy == null ? OutboundRules.NONE : policy.rules());
    }
}
