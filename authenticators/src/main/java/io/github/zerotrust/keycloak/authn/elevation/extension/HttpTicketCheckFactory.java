package io.github.zerotrust.keycloak.authn.elevation.extension;

import io.github.zerotrust.keycloak.authn.outbound.Outbound;
import io.github.zerotrust.keycloak.spi.TicketCheckProvider;
import io.github.zerotrust.keycloak.spi.TicketCheckProviderFactory;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code http}: asks a ticketing system whether the ticket an activation names exists and is open:
 * {@code GET <url with {ticket} replaced>} ({@code --spi-zt-elevation-ticket--http--url}), with the bearer token of
 * the realm's vault entry {@value HttpTicketCheck#TOKEN_KEY} when there is one. 200 with {@code "<open-field>": true}
 * is open; {@code false}, or 404, is not; anything else (an error, a timeout, an answer it cannot read, a host the
 * outbound rules refuse) refuses the activation: fail closed.
 */
public final class HttpTicketCheckFactory implements TicketCheckProviderFactory {

    public static final String ID = "http";
    static final String URL = "url";
    static final String TIMEOUT_MS = "timeout-ms";
    static final String OPEN_FIELD = "open-field";
    static final int DEFAULT_TIMEOUT_MS = 3000;
    static final String DEFAULT_OPEN_FIELD = "open";
    static final String PLACEHOLDER = "{ticket}";
    private static final Logger LOG = Logger.getLogger(HttpTicketCheckFactory.class);

    private String url;
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MS);
    private String openField = DEFAULT_OPEN_FIELD;

    @Override
    public TicketCheckProvider create(KeycloakSession session) {
        return new HttpTicketCheck(session, url, timeout, openField, Outbound.of(session));
    }

    @Override
    public void init(Config.Scope config) {
        String configured = config.get(URL);
        if (configured != null && !configured.isBlank()) {
            if (!configured.contains(PLACEHOLDER)) {
                throw new IllegalStateException("--spi-zt-elevation-ticket--http--url must hold " + PLACEHOLDER
                        + " where the ticket reference goes");
            }
            url = configured.strip();
        }
        timeout = Duration.ofMillis(Math.max(100, Math.min(30_000, config.getInt(TIMEOUT_MS, DEFAULT_TIMEOUT_MS))));
        openField = config.get(OPEN_FIELD, DEFAULT_OPEN_FIELD).strip();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (url == null) {
            LOG.debug("http ticket check: no url; if chosen, every ticket is refused as unverified");
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(URL).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The ticket's URL, with {ticket} where the reference goes (https, a host the outbound rules"
                        + " allow). Default: none (every ticket is refused as unverified).").add()
                .property().name(TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(DEFAULT_TIMEOUT_MS)
                .helpText("Timeout of each phase of the call, in milliseconds (100 to 30,000); the whole call at most"
                        + " twice that. Default: 3000.").add()
                .property().name(OPEN_FIELD).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_OPEN_FIELD)
                .helpText("The boolean field of the answer that says the ticket is open. Default: open.").add()
                .build();
    }
}
