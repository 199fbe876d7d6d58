package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.spi.ApprovalChannelProvider;
import io.github.zerotrust.keycloak.spi.ElevationProvider;
import io.github.zerotrust.keycloak.spi.ElevationProviderFactory;
import io.github.zerotrust.keycloak.spi.TicketCheckProvider;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * {@code default} of {@code zt-elevation}: roles are given and taken away with {@link UserModel#grantRole} and
 * {@link UserModel#deleteRoleMapping}, so Keycloak's caches, token mappers and the other nodes see them (ADR 0010).
 * Its options choose the extensions at run time: {@code approval-channels} (default {@code email}) and
 * {@code ticket-check} (default {@code format}). A name that no provider answers to stops the start: a request
 * nobody hears of, or a ticket nobody checks, must not pass unnoticed.
 */
public final class ModelApiElevationProviderFactory implements ElevationProviderFactory {

    public static final String ID = "default";
    static final String APPROVAL_CHANNELS = "approval-channels";
    static final String TICKET_CHECK = "ticket-check";
    static final String DEFAULT_CHANNEL = "email";
    static final String DEFAULT_TICKET_CHECK = "format";
    private static final Logger LOG = Logger.getLogger(ModelApiElevationProviderFactory.class);

    private List<String> channels = List.of(DEFAULT_CHANNEL);
    private String ticketCheck = DEFAULT_TICKET_CHECK;

    @Override
    public ElevationProvider create(KeycloakSession session) {
        List<String> chosenChannels = channels;
        String chosenCheck = ticketCheck;
        return new ElevationProvider() {
            @Override
            public void grant(RealmModel realm, UserModel user, RoleModel role) {
                user.grantRole(role);
            }

            @Override
            public void revoke(RealmModel realm, UserModel user, RoleModel role) {
                user.deleteRoleMapping(role);
            }

            @Override
            public List<String> approvalChannels() {
                return chosenChannels;
            }

            @Override
            public String ticketCheck() {
                return chosenCheck;
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        List<String> named = Arrays.stream(config.get(APPROVAL_CHANNELS, DEFAULT_CHANNEL).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
        if (named.isEmpty()) {
            throw new IllegalStateException("--spi-zt-elevation--default--" + APPROVAL_CHANNELS
                    + " names no approval channel; name at least one (e.g. email)");
        }
        channels = named;
        ticketCheck = config.get(TICKET_CHECK, DEFAULT_TICKET_CHECK).strip();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        for (String channel : channels) {
            if (factory.getProviderFactory(ApprovalChannelProvider.class, channel) == null) {
                throw new IllegalStateException("--spi-zt-elevation--default--" + APPROVAL_CHANNELS + ": no approval channel '"
                        + channel + "' (there are email and signed-webhook)");
            }
        }
        if (factory.getProviderFactory(TicketCheckProvider.class, ticketCheck) == null) {
            throw new IllegalStateException("--spi-zt-elevation--default--" + TICKET_CHECK + ": no ticket check '"
                    + ticketCheck + "' (there are format and http)");
        }
        LOG.infof("Elevation approvals announced through %s; tickets checked by %s", channels, ticketCheck);
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
                .property().name(APPROVAL_CHANNELS).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_CHANNEL)
                .helpText("Approval channels told of each request, comma-separated: email, signed-webhook. Default: email.").add()
                .property().name(TICKET_CHECK).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_TICKET_CHECK)
                .helpText("How ticket references are checked: format (the eligibility's pattern) or http (asks the"
                        + " ticketing system; fails closed). Default: format.").add()
                .build();
    }
}
