package io.github.zerotrust.keycloak.authn.access;

import io.github.zerotrust.keycloak.authn.device.SessionDevice;
import io.github.zerotrust.keycloak.authn.signals.SignalEngine;
import io.github.zerotrust.keycloak.authn.signin.AssessmentNote;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.SessionOrigin;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.authn.whatif.FlowVerdict;
import io.github.zerotrust.keycloak.location.ClientAddress;
import io.github.zerotrust.keycloak.signals.RefreshChecks;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.StrictLocation;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.RefreshToken;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.TokenRefreshContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;
import org.keycloak.util.TokenUtil;

/**
 * Judges every refresh (online and offline) as the realm's rules would judge a sign-in made now: the flow the
 * session signed in through is walked, as What-If walks it, with the refresh's facts (its address, the session
 * device's standing now, the user's risk now). The sign-in was let in; if the request would now be refused, the
 * verdict got worse: the refresh gets {@code invalid_grant} and the session ends through the signal engine (one
 * {@code CUSTOM_REQUIRED_ACTION} ({@code zt-signal}) event with the reason), so neither this token nor a copy of it works again.
 */
final class ContinuousAccess implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    static final String CHECK = "zt_refresh_check";
    static final String ADDRESS_SOURCE = "zt_refresh_address_source";
    private static final Logger LOG = Logger.getLogger(ContinuousAccess.class);

    private final KeycloakSession session;
    private RefreshChecks checks = RefreshChecks.defaults();

    ContinuousAccess(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void setupConfiguration(ClientPolicyExecutorConfigurationRepresentation config) {
        checks = RefreshChecks.parse(config == null ? null : stringsOf(config.getConfigAsMap()));
        if (!checks.problems().isEmpty()) {
            LOG.warnf("zt-continuous-access: %s", String.join("; ", checks.problems()));
        }
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        if (context.getEvent() != ClientPolicyEvent.TOKEN_REFRESH) {
            return;
        }
        String encoded = ((TokenRefreshContext) context).getParams().getFirst(OAuth2Constants.REFRESH_TOKEN);
        RealmModel realm = session.getContext().getRealm();
        // The event comes before Keycloak checks the token: decode() checks its signature; a token that does not
        // decode, or whose session is gone, is left for Keycloak to refuse as usual.
        RefreshToken token = encoded == null ? null : session.tokens().decode(encoded, RefreshToken.class);
        if (token == null || token.getSessionId() == null) {
            return;
        }
        boolean offline = TokenUtil.TOKEN_TYPE_OFFLINE.equals(token.getType());
        UserSessionModel userSession = offline ? session.sessions().getOfflineUserSession(realm, token.getSessionId())
                : session.sessions().getUserSession(realm, token.getSessionId());
        ClientModel client = token.getIssuedFor() == null ? null : realm.getClientByClientId(token.getIssuedFor());
        ClientModel caller = session.getContext().getClient();
        if (userSession == null || userSession.getUser() == null || client == null
                || caller != null && !caller.getId().equals(client.getId())) {
            // Another client presenting this token is refused by Keycloak; it must not end the session on the way.
            return;
        }
        Optional<RefreshRefusal> refusal;
        try {
            refusal = judge(realm, userSession, client, token);
        } catch (RuntimeException failed) {
            // Fail closed: a refresh that cannot be judged is not let through; the session stays for a sign-in to judge.
            LOG.warnf("Realm %s: refresh could not be re-evaluated: %s", realm.getName(), failed.toString());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT,
                    "Refresh refused: this session could not be checked again; sign in again");
        }
        if (refusal.isPresent()) {
            end(realm, userSession, client, refusal.get());
            throw new ClientPolicyException(OAuthErrorException.INVALID_GRANT, refusal.get().description());
        }
    }

    private Optional<RefreshRefusal> judge(RealmModel realm, UserSessionModel userSession, ClientModel client, RefreshToken token) {
        boolean requestAddress = checks.requestAddressCounts(client.isPublicClient());
        SignInLocation signIn = SignInLocation.of(session, realm, userSession.getIpAddress());
        SignInLocation judged = requestAddress ? SignInLocation.of(session, realm, session.getContext().getConnection()) : signIn;
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(EventDetails.ADDRESS, judged.address().isPresent() ? "valid" : "invalid");
        facts.put(EventDetails.COUNTRY, judged.country().isKnown() ? judged.country().isoCode() : "unknown");
        facts.put(EventDetails.ZONES, judged.zones().isEmpty() ? "none" : String.join(",", new TreeSet<>(judged.zones())));
        facts.put(ADDRESS_SOURCE, requestAddress ? "request" : "sign-in");

        if (checks.strictLocation() && requestAddress) {
            StrictLocation strict = new StrictLocation(SessionOrigin.zones(userSession).orElse(signIn.zones()),
                    signIn.address().map(ClientAddress::canonical));
            Optional<String> outside = strict.refusal(judged.zones(), judged.address().map(ClientAddress::canonical));
            if (outside.isPresent()) {
                return Optional.of(RefreshRefusal.outsideTheSignInsNetwork(outside.get(), facts));
            }
        }
        FlowVerdict.Request request = new FlowVerdict.Request(userSession.getUser(), client, judged,
                KeycloakClock.get().instant(), SessionDevice.id(userSession),
                checks.device() ? Optional.empty() : SessionDevice.atSignIn(userSession),
                checks.risk() ? Optional.empty() : AssessmentNote.ofSession(userSession),
                token.getScope() == null ? List.of() : Arrays.stream(token.getScope().split(" ")).filter(s -> !s.isBlank()).toList(),
                SessionOrigin.upstream(userSession));
        return FlowVerdict.denial(session, realm, request, SessionOrigin.flow(userSession))
                .map(denial -> RefreshRefusal.byTheRules(denial, facts));
    }

    /**
     * Ends the session in a transaction of its own: the refusal rolls the request's transaction back, and the end (and
     * its event) must hold whatever the request's outcome.
     */
    private void end(RealmModel realm, UserSessionModel userSession, ClientModel client, RefreshRefusal refusal) {
        String realmId = realm.getId();
        String userId = userSession.getUser().getId();
        String sessionId = userSession.getId();
        Map<String, String> details = new LinkedHashMap<>(refusal.facts());
        details.put(CHECK, refusal.check());
        details.put(EventDetails.REASON, refusal.reason());
        if (refusal.rule() != null) {
            details.put(EventDetails.RULE, refusal.rule());
        }
        details.put(SignalEngine.CLIENT, client.getClientId());
        KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), job -> {
            RealmModel inJob = job.realms().getRealm(realmId);
            job.getContext().setRealm(inJob);
            SignalEngine.handle(job, inJob, new Signal(Trigger.SESSION_REVOKED, Subject.session(userId, sessionId), Signal.ZERO_TRUST),
                    details);
        });
        LOG.debugf("Realm %s: refresh refused (%s), session ended", realm.getName(), refusal.check());
    }

    private static Map<String, String> stringsOf(Map<String, Object> config) {
        Map<String, String> strings = new LinkedHashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                if (value != null) {
                    strings.put(key, String.valueOf(value));
                }
            });
        }
        return strings;
    }

    @Override
    public String getProviderId() {
        return ContinuousAccessFactory.ID;
    }
}
