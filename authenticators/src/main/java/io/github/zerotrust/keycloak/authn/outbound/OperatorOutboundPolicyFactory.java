package io.github.zerotrust.keycloak.authn.outbound;

import io.github.zerotrust.keycloak.outbound.OutboundRules;
import io.github.zerotrust.keycloak.spi.OutboundPolicyProvider;
import io.github.zerotrust.keycloak.spi.OutboundPolicyProviderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code default}: the hosts and ranges the operator lists. Nothing is allowed until hosts are listed; a malformed
 * entry stops the start (an outbound rule silently dropped would either break a feature or open a hole).
 */
public final class OperatorOutboundPolicyFactory implements OutboundPolicyProviderFactory {

    public static final String ID = "default";
    static final String ALLOWED_HOSTS = "allowed-hosts";
    static final String ALLOWED_RANGES = "allowed-ranges";
    static final String ALLOW_HTTP = "allow-http";
    private static final Logger LOG = Logger.getLogger(OperatorOutboundPolicyFactory.class);

    private OutboundRules rules = OutboundRules.NONE;

    @Override
    public OutboundPolicyProvider create(KeycloakSession session) {
        OutboundRules current = rules;
        return () -> current;
    }

    @Override
    public void init(Config.Scope config) {
        try {
            rules = OutboundRules.parse(config.get(ALLOWED_HOSTS, ""), config.get(ALLOWED_RANGES, ""),
                    config.getBoolean(ALLOW_HTTP, false));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("--spi-zt-outbound--default--" + ALLOWED_HOSTS + "/" + ALLOWED_RANGES
                    + ": " + e.getMessage(), e);
        }
        if (rules.allowedHosts().isEmpty()) {
            LOG.info("No outbound hosts allowed (--spi-zt-outbound--default--allowed-hosts): alert webhooks and MDM"
                    + " calls are refused until the operator lists their hosts");
        } else if (rules.allowHttp()) {
            LOG.warnf("Outbound calls may use plain http (--spi-zt-outbound--default--allow-http=true); allowed hosts: %s",
                    rules.allowedHosts());
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
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
                .property().name(ALLOWED_HOSTS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Hosts the suite may call (webhooks, MDM, ticketing), comma-separated; *.example.com for"
                        + " subdomains. Default: none.").add()
                .property().name(ALLOWED_RANGES).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Private or special-purpose address ranges such hosts may resolve to (e.g. 10.1.2.0/24)."
                        + " Default: none (loopback, link-local, private and documentation ranges are refused).").add()
                .property().name(ALLOW_HTTP).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Allow plain http (closed networks and tests only). Default: false.").add()
                .build();
    }
}
