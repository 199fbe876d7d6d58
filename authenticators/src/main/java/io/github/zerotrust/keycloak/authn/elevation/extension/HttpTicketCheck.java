package io.github.zerotrust.keycloak.authn.elevation.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.authn.outbound.OutboundCall;
import io.github.zerotrust.keycloak.authn.outbound.OutboundRefused;
import io.github.zerotrust.keycloak.elevation.TicketVerdict;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.spi.TicketCheckProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.http.client.methods.HttpGet;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.vault.VaultStringSecret;

/** One session's ticket check over HTTP; see {@link HttpTicketCheckFactory}. */
final class HttpTicketCheck implements TicketCheckProvider {

    /** The realm's vault entry with the ticketing system's bearer token: {@code ${vault.zt-elevation-ticket-token}}. */
    static final String TOKEN_KEY = "zt-elevation-ticket-token";
    /** A ticket's answer is small; more is not read. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(HttpTicketCheck.class);

    private final KeycloakSession session;
    private final String url;
    private final Duration timeout;
    private final String openField;
    private final Outbound outbound;

    HttpTicketCheck(KeycloakSession session, String url, Duration timeout, String openField, Outbound outbound) {
        this.session = session;
        this.url = url;
        this.timeout = timeout;
        this.openField = openField;
        this.outbound = outbound;
    }

    @Override
    public TicketVerdict check(RealmModel realm, String ticket) {
        if (url == null) {
            LOG.warnf("Realm %s: the http ticket check has no url; ticket refused as unverified", realm.getName());
            return TicketVerdict.UNAVAILABLE;
        }
        URI target;
        try {
            // The reference is one path segment or query value: encoded, so it cannot reach another URL.
            target = URI.create(url.replace(HttpTicketCheckFactory.PLACEHOLDER,
                    URLEncoder.encode(ticket, StandardCharsets.UTF_8).replace("+", "%20")));
        } catch (IllegalArgumentException e) {
            return TicketVerdict.UNAVAILABLE;
        }
        HttpGet request = new HttpGet(target);
        request.setHeader("Accept", "application/json");
        request.setHeader("User-Agent", "keycloak-zero-trust");
        try (VaultStringSecret token = session.vault().getStringSecret("${vault." + TOKEN_KEY + "}")) {
            token.get().filter(t -> !t.isBlank()).ifPresent(t -> request.setHeader("Authorization", "Bearer " + t.strip()));
        }
        OutboundCall.Answer answer;
        try {
            answer = OutboundCall.send(outbound, request, timeout, MAX_ANSWER_BYTES);
        } catch (OutboundRefused e) {
            LOG.warnf("Realm %s: ticket check not called: %s", realm.getName(), e.getMessage());
            return TicketVerdict.UNAVAILABLE;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Realm %s: the ticketing system could not be asked: %s", realm.getName(), e.getMessage());
            return TicketVerdict.UNAVAILABLE;
        }
        return verdict(answer, openField);
    }

    /** 200 with the open field true: open; false or 404: not open; anything else: unavailable. */
    static TicketVerdict verdict(OutboundCall.Answer answer, String openField) {
        if (answer.status() == 404) {
            return TicketVerdict.NOT_OPEN;
        }
        if (answer.status() != 200 || answer.oversized()) {
            return TicketVerdict.UNAVAILABLE;
        }
        try {
            JsonNode json = JsonFormat.lenient().readTree(answer.body());
            JsonNode open = json == null ? null : json.get(openField);
            if (open == null || !open.isBoolean()) {
                return TicketVerdict.UNAVAILABLE;
            }
            return open.booleanValue() ? TicketVerdict.OPEN : TicketVerdict.NOT_OPEN;
        } catch (IOException e) {
            return TicketVerdict.UNAVAILABLE;
        }
    }
}
