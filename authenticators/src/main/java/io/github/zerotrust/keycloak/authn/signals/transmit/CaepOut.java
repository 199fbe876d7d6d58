package io.github.zerotrust.keycloak.authn.signals.transmit;

import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
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
 * <p>Best effort by design: the change it reports has already been made (a session ended, a device judged), and a
 * transmitter problem must never undo or block it. The subject is the user as {@code iss_sub} (this realm's
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
        RealmModel before = session.getContext().getRealm();
        try {
            // The transmitter resolves subjects in the context's realm; a background task may have none set.
            session.getContext().setRealm(realm);
            SubjectId subject = subject(session, realm, user);
            if (subject == null) {
                LOG.debugf("Realm %s: %s not sent, the user has no e-mail and no request names the issuer", realm.getName(), type);
                return;
            }
            SsfTransmitterProvider transmitter = SsfTransmitter.of(session);
            List<ClientModel> receivers = realm.getClientsStream().filter(SsfUtil::isReceiverClient).toList();
            for (ClientModel receiver : receivers) {
                EmitEventResult result = transmitter.eventEmitterService().emit(receiver, type, subject, event);
                LOG.debugf("Realm %s: %s to %s: %s", realm.getName(), type, receiver.getClientId(), result.status());
            }
        } catch (RuntimeException | LinkageError failed) {
            LOG.warnf("Realm %s: could not hand %s to Keycloak's transmitter: %s", realm.getName(), type, failed.toString());
        } finally {
            session.getContext().setRealm(before);
        }
    }

    private static SubjectId subject(KeycloakSession session, RealmModel realm, UserModel user) {
        if (session.getContext().getUri() != null) {
            IssuerSubjectId subject = new IssuerSubjectId();
            subject.setIss(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
            subject.setSub(user.getId());
            return subject;
        }
        if (user.getEmail() == null) {
            return null;
        }
        EmailSubjectId subject = new EmailSubjectId();
        subject.setEmail(user.getEmail());
        return subject;
    }
}
