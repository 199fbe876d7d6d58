package io.github.zerotrust.keycloak.authn.broker;

import io.github.zerotrust.keycloak.broker.PartnerTrust;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.broker.UpstreamToken;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.IDToken;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The upstream side of the brokered sign-in in progress, from what Keycloak keeps in the authentication session:
 * the brokered identity of the post-broker-login flow ({@code PBL_BROKERED_IDENTITY_CONTEXT}) or of the
 * first-broker-login flow ({@code BROKERED_CONTEXT}), with the ID token Keycloak validated
 * ({@code VALIDATED_ID_TOKEN}), judged by the provider's trust settings. Nothing here comes from the request:
 * the alias and the token are Keycloak's, so a user cannot name a provider or write a claim.
 */
public final class BrokeredSignIn {

    private static final Logger LOG = Logger.getLogger(BrokeredSignIn.class);
    private static final String MEMO = BrokeredSignIn.class.getName();
    /** Unusable trust settings are logged once per provider and settings, not at every sign-in. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED = 1000;

    private record Memo(String source, Optional<Upstream> upstream) {
    }

    private BrokeredSignIn() {
    }

    /** Empty for a sign-in that did not come through an identity provider; read once per request. */
    public static Optional<Upstream> of(KeycloakSession session, AuthenticationSessionModel authSession) {
        String note = Optional.ofNullable(authSession.getAuthNote(PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT))
                .orElse(authSession.getAuthNote(AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE));
        if (note == null) {
            return Optional.empty();
        }
        String key = MEMO + ":" + authSession.getParentSession().getId() + ":" + authSession.getTabId();
        Memo known = session.getAttribute(key, Memo.class);
        if (known != null && Objects.equals(known.source(), note)) {
            return known.upstream();
        }
        Optional<Upstream> read = read(session, authSession);
        session.setAttribute(key, new Memo(note, read));
        return read;
    }

    private static Optional<Upstream> read(KeycloakSession session, AuthenticationSessionModel authSession) {
        String noteKey = authSession.getAuthNote(PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT) != null
                ? PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT : AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE;
        SerializedBrokeredIdentityContext serialized = SerializedBrokeredIdentityContext.readFromAuthenticationSession(authSession, noteKey);
        if (serialized == null || serialized.getIdentityProviderId() == null) {
            return Optional.empty();
        }
        String alias = serialized.getIdentityProviderId();
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null) {
            // The provider was removed mid-sign-in: still a brokered sign-in, trusted for nothing.
            return Optional.of(new Upstream(alias, Optional.empty(), List.of(), Optional.empty(), "the provider no longer exists"));
        }
        PartnerTrust trust = PartnerTrust.read(provider.getConfig());
        warnOnce(session, provider, trust);
        return Optional.of(trust.judge(alias, idToken(session, authSession, serialized, trust.deviceClaim()),
                signaturesValidated(provider)));
    }

    /**
     * What-If's upstream: a sign-in through {@code provider} whose validated ID token carries {@code acr} and the
     * device claim {@code device} (none when empty), judged by the provider's trust settings as a real one is.
     */
    public static Upstream assumed(KeycloakSession session, IdentityProviderModel provider, Optional<String> acr,
                                   Optional<String> device) {
        PartnerTrust trust = PartnerTrust.read(provider.getConfig());
        warnOnce(session, provider, trust);
        return trust.judge(provider.getAlias(), Optional.of(new UpstreamToken(acr, List.of(), device)), signaturesValidated(provider));
    }

    /** Keycloak checks an OIDC provider's ID token signature only when its settings say so. */
    static boolean signaturesValidated(IdentityProviderModel provider) {
        return provider.getConfig() != null && Boolean.parseBoolean(provider.getConfig().get(OIDCIdentityProviderConfig.VALIDATE_SIGNATURE));
    }

    private static Optional<UpstreamToken> idToken(KeycloakSession session, AuthenticationSessionModel authSession,
                                                   SerializedBrokeredIdentityContext serialized, String deviceClaim) {
        if (!serialized.getContextData().containsKey(OIDCIdentityProvider.VALIDATED_ID_TOKEN)) {
            return Optional.empty();
        }
        BrokeredIdentityContext context;
        try {
            context = serialized.deserialize(session, authSession);
        } catch (RuntimeException e) {
            // Never the token itself in the log.
            LOG.warnf("Realm %s: cannot read the brokered identity of provider %s (%s); nothing of it is trusted",
                    authSession.getRealm().getName(), serialized.getIdentityProviderId(), e.getClass().getSimpleName());
            return Optional.empty();
        }
        Object token = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        if (!(token instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        Object acr = jwt instanceof IDToken id && id.getAcr() != null ? id.getAcr() : claims(jwt).get(IDToken.ACR);
        Object device = claims(jwt).get(deviceClaim);
        return Optional.of(new UpstreamToken(acr instanceof String text ? Optional.of(text) : Optional.empty(), amr(claims(jwt).get("amr")),
                device instanceof String claimed ? Optional.of(claimed) : Optional.empty()));
    }

    private static Map<String, Object> claims(JsonWebToken jwt) {
        return jwt.getOtherClaims() == null ? Map.of() : jwt.getOtherClaims();
    }

    private static List<String> amr(Object claim) {
        if (claim instanceof String one) {
            return List.of(one);
        }
        if (claim instanceof Collection<?> many) {
            return many.stream().filter(String.class::isInstance).map(String.class::cast).limit(20).toList();
        }
        return List.of();
    }

    private static void warnOnce(KeycloakSession session, IdentityProviderModel provider, PartnerTrust trust) {
        if (trust.problems().isEmpty() || WARNED.size() > MAX_WARNED) {
            return;
        }
        String realm = session.getContext().getRealm() == null ? "?" : session.getContext().getRealm().getName();
        if (WARNED.add(realm + "/" + provider.getAlias() + "/" + trust.problems())) {
            LOG.warnf("Realm %s: the zero-trust settings of identity provider %s are unusable (%s); nothing of its sign-ins "
                    + "is trusted until they are fixed", realm, provider.getAlias(), String.join("; ", trust.problems()));
        }
    }
}
