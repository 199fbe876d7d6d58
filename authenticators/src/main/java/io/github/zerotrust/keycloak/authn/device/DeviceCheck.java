package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.signin.DeviceSignIn;
import io.github.zerotrust.keycloak.authn.signin.DeviceThreatNote;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.ParsedConfig;
import io.github.zerotrust.keycloak.authn.signin.SignInNotes;
import io.github.zerotrust.keycloak.authn.risk.BrowserDevice;
import io.github.zerotrust.keycloak.device.Compliance;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Finds the device of the sign-in (posture token, registry by recognised-browser id, MDM), judges it
 * against the realm's baseline and keeps the verdict for the conditions and pages that follow. It never
 * blocks: what to do about a device is the flow's call. A source that cannot answer, or a posture token
 * that does not verify, leaves the device unknown (fail closed: unknown is not compliant).
 */
final class DeviceCheck implements Authenticator {

    static final DeviceCheck SINGLETON = new DeviceCheck(KeycloakClock.get());

    /** The header a device agent or a proxy in front of Keycloak sets. */
    static final String POSTURE_HEADER = "X-ZT-Device-Posture";
    /** Keycloak keeps authorization request parameters as client notes with this prefix. */
    static final String POSTURE_PARAM_NOTE = "client_request_param_device_posture";
    /** User-session notes: the device of the sign-in (for revocation) and its trust (for the claim). */
    static final String SESSION_DEVICE = "zt.device.id";
    static final String SESSION_TRUST = "zt.device.trust";
    private static final String TOKEN_FLOW_PATH = "token";
    private static final Logger LOG = Logger.getLogger(DeviceCheck.class);

    private final Clock clock;
    private final ParsedConfig<DeviceCheckConfig> configs = new ParsedConfig<>(DeviceCheckConfig::parse);

    DeviceCheck(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        DeviceCheckConfig config = configs.of(context.getAuthenticatorConfig());
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Instant now = clock.instant();

        boolean browser = !TOKEN_FLOW_PATH.equals(context.getFlowPath());
        Optional<String> deviceId = browser ? BrowserDevice.idOf(session, realm, user, true) : Optional.empty();
        DeviceStore store = new DeviceStore(session);
        Optional<DeviceEntity> record = deviceId.map(id -> store.seen(realm.getId(), id, user.getId(), now))
                .filter(device -> user.getId().equals(device.getOwnerId()));
        DeviceQuery query = new DeviceQuery(realm, user, deviceId, postureToken(context));

        PostureLookup lookup = PostureLookup.ask(session, realm, config.sources(), query);
        Optional<Posture> posture = lookup.posture();
        String source = lookup.source();
        String problem = lookup.problem();
        boolean failedOpen = lookup.failedOpen();

        DeviceSignIn signIn;
        if (posture.isEmpty() && failedOpen) {
            signIn = DeviceSignIn.failedOpen(deviceId.orElse(null), problem);
        } else if (posture.isEmpty()) {
            signIn = DeviceSignIn.unknown(deviceId.orElse(null), problem);
        } else {
            Posture found = posture.get();
            Optional<DeviceEntity> tracked = record.filter(d -> found.deviceId().map(d.getDeviceId()::equals).orElse(true));
            ComplianceVerdict verdict = Compliance.evaluate(found, config.baseline(realm.getAttributes()), now,
                    tracked.flatMap(DeviceStore::nonCompliantSince));
            tracked.ifPresent(d -> DeviceStore.nonCompliantSince(d, verdict.nonCompliantSince()));
            String knownAs = deviceId.orElse(found.deviceId().orElse(null));
            if (knownAs != null && !Posture.REGISTRY.equals(source) && (verdict.status() == ComplianceVerdict.Status.NON_COMPLIANT
                    || found.threat().filter(t -> t == DeviceThreat.HIGH).isPresent())) {
                // A token (or the MDM) says this device turned bad: the user's other sessions on it end now, as for a push.
                int ended = DeviceSessions.revoke(context.getSession(), realm, user, knownAs);
                if (ended > 0) {
                    LOG.infof("Realm %s: device %s reported non-compliant or high-threat by %s; ended %d session(s) of user %s",
                            realm.getName(), knownAs, source, ended, user.getId());
                }
            }
            DeviceTrust trust = DeviceTrust.of(posture, Optional.of(verdict));
            signIn = DeviceSignIn.of(verdict, trust, source, deviceId.orElse(found.deviceId().orElse(null)), problem);
            found.threat().ifPresent(t -> DeviceThreatNote.put(authSession, t));
        }
        signIn.store(authSession);
        if (signIn.deviceId() != null) {
            authSession.setUserSessionNote(SESSION_DEVICE, signIn.deviceId());
        }
        authSession.setUserSessionNote(SESSION_TRUST, signIn.trust());

        EventBuilder event = context.getEvent();
        if (signIn.deviceId() != null) {
            SignInNotes.put(authSession, event, EventDetails.DEVICE_ID, signIn.deviceId());
        }
        SignInNotes.put(authSession, event, EventDetails.DEVICE_TRUST, signIn.trust());
        SignInNotes.put(authSession, event, EventDetails.DEVICE_STATUS, signIn.status().toLowerCase(Locale.ROOT));
        SignInNotes.put(authSession, event, EventDetails.DEVICE_FAILURES, signIn.failureIds());
        SignInNotes.put(authSession, event, EventDetails.DEVICE_SOURCE, source);
        if (problem != null) {
            SignInNotes.put(authSession, event, EventDetails.DEVICE_PROBLEM, problem);
        }
        context.success();
    }

    private static Optional<String> postureToken(AuthenticationFlowContext context) {
        String header = context.getHttpRequest().getHttpHeaders().getHeaderString(POSTURE_HEADER);
        if (header != null && !header.isBlank()) {
            return Optional.of(header.strip());
        }
        return Optional.ofNullable(context.getAuthenticationSession().getClientNote(POSTURE_PARAM_NOTE)).filter(t -> !t.isBlank());
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
