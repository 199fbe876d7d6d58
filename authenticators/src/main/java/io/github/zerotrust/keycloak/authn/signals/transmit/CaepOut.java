package io.github.zerotrust.keycloak.authn.signals.transmit;

import io.github.zerotrust.keycloak.ssf.AssuranceLevels;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.Urls;
import org.keycloak.ssf.subject.EmailSubjectId;
import org.keycloak.ssf.subject.IssuerSubjectId;
import org.keycloak.ssf.subject.SubjectId;
import org.keycloak.ssf.transmitter.SsfTransmitter;
import org.keycloak.ssf.transmitter.SsfTransmitterProvider;
import org.keycloak.ssf.transmitter.emit.EmitEventResult;
import org.keycloak.ssf.transmitter.support.SsfUtil;

/**
 * The suite's own changes, sent as CAEP events through Keycloak's transmitter to every Shared Signals receiver of
 * the realm (clients with {@code ssf.enabled}) whose stream asked for the type and follows the user. Only when the
 * server runs with {@code --features=ssf} and the realm has {@code ssf.transmitterEnabled=true}; otherwise nothing
 * at all is touched.
 *
 * <p>Best effort by design: events are handed over after the change has committed, in a transaction of their own, so a
 * transmitter problem can never undo or block the change (a session ended, a device judged), and a change rolled
 * back is never told. The subject is the user as {@code iss_sub} (this realm's
 * issuer and the user's id, as Keycloak's own events name users), or by e-mail when no request gives the issuer.
 */
public final class CaepOut {

    /** The realm attribute Keycloak's transmitter reads. */
    static final String TRANSMITTER_ENABLED = "ssf.transmitterEnabled";
    private static final Logger LOG = Logger.getLogger(CaepOut.class);

    private CaepOut() {
    }

    public static void sessionRevoked(KeycloakSession session, RealmModel realm, UserModel user, String reason) {
        send(session, realm, user, CaepEventTypes.SESSION_REVOKED, Map.of("reason_admin", Map.of("en", reason)));
    }

    public static void deviceNotCompliant(KeycloakSession session, RealmModel realm, UserModel user, String reason) {
        send(session, realm, user, CaepEventTypes.DEVICE_COMPLIANCE_CHANGE, Map.of("current_status", "not-compliant",
                "previous_status", "compliant", "reason_admin", Map.of("en", reason)));
    }

    /** A sign-in of the user was assessed at high risk ({@code reasons}: the risk reason names). */
    public static void riskHigh(KeycloakSession session, RealmModel realm, UserModel user, String reasons) {
        send(session, realm, user, CaepEventTypes.RISK_LEVEL_CHANGE, Map.of("principal", "USER", "current_level", "HIGH",
                "risk_reason", reasons));
    }

    /** A session's level of authentication rose (a step-up), in {@code NIST-AAL} levels. */
    public static void assuranceRaised(KeycloakSession session, RealmModel realm, UserModel user, String previous, String current) {
        send(session, realm, user, CaepEventTypes.ASSURANCE_LEVEL_CHANGE, Map.of("namespace", AssuranceLevels.NAMESPACE,
                "previous_level", previous, "current_level", current, "change_direction", "increase",
                "initiating_entity", "user"));
    }

    /** An elevation started or ended: the tokens' {@code zt_elevations} claim changed. */
    public static void elevationsChanged(KeycloakSession session, RealmModel realm, UserModel user, List<Map<String, Object>> elevations) {
        send(session, realm, user, CaepEventTypes.TOKEN_CLAIMS_CHANGE, Map.of("claims", Map.of("zt_elevations", elevations)));
    }

    /** Whether the realm transmits at all: callers skip building an event when it does not. */
    public static boolean enabled(RealmModel realm) {
        return Profile.isFeatureEnabled(Profile.Feature.SSF) && "true".equals(realm.getAttribute(TRANSMITTER_ENABLED));
    }

    private static void send(KeycloakSession session, RealmModel realm, UserModel user, String type, Map<String, Object> event) {
        if (user == null || !enabled(realm)) {
            return;
        }
        // Named now, while the request (if any) tells this realm's issuer; sent once the change has committed, in a
        // transaction of its own: a transmitter failure can neither undo the change nor be undone by it.
        String issuer = issuer(session, realm);
        String realmId = realm.getId();
        String realmName = realm.getName();
        String userId = user.getId();
        String email = user.getEmail();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, s -> sendNow(s, realmId, userId, issuer, email, type, event));
                } catch (RuntimeException | LinkageError failed) {
                    LOG.warnf("Realm %s: could not hand %s to Keycloak's transmitter: %s", realmName, type, failed.toString());
                }
            }

            @Override
            protected void rollbackImpl() {
                // The change did not happen: nothing to tell.
            }
        });
    }

    private static void sendNow(KeycloakSession session, String realmId, String userId, String issuer, String email, String type,
                                Map<String, Object> event) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        // The transmitter resolves subjects in the context's realm.
        session.getContext().setRealm(realm);
        SubjectId subject = subject(issuer, userId, email);
        if (subject == null) {
            LOG.debugf("Realm %s: %s not sent, the user has no e-mail and no request named the issuer", realm.getName(), type);
            return;
        }
        SsfTransmitterProvider transmitter = SsfTransmitter.of(session);
        List<ClientModel> receivers = realm.getClientsStream().filter(SsfUtil::isReceiverClient).toList();
        for (ClientModel receiver : receivers) {
            EmitEventResult result = transmitter.eventEmitterService().emit(receiver, type, subject, event);
            LOG.debugf("Realm %s: %s to %s: %s", realm.getName(), type, receiver.getClientId(), result.status());
        }
    }

    /**
     * This realm's issuer as the request names it; null outside a request (a background task, the scheduled Shared
     * Signals poller), where Keycloak's context throws rather than answering null: the subject is then the e-mail.
     */
    private static String issuer(KeycloakSession session, RealmModel realm) {
        try {
            return session.getContext().getUri() == null ? null
                    : Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
        } catch (RuntimeException noRequest) {
            return null;
        }
    }

    private static SubjectId subject(String issuer, String userId, String email) {
        if (issuer != null) {
            IssuerSubjectId subject = new IssuerSubjectId();
            subject.setIss(issuer);
            subject.setSub(userId);
            return subject;
        }
        if (email == null) {
            return null;
        }
        EmailSubjectId subject = new EmailSubjectId();
        subject.setEmail(email);
        return subject;
    }
}
