package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.authn.broker.BrokeredSignIn;
import io.github.zerotrust.keycloak.authn.signals.SignalEngine;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.ParsedConfig;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.signals.Trigger;
import io.github.zerotrust.keycloak.spi.DeviceQuery;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

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
        RealmModel realm = context.getRealm();
        Instant now = clock.instant();

        SeenDevice device = seenDevice(context, now);
        PostureLookup lookup = PostureLookup.ask(context.getSession(), realm, config.sources(), query(context, device));
        DeviceJudgement own = DeviceJudgement.of(lookup, device.id(), config.baseline(realm.getAttributes()), now,
                device.nonCompliantSince(lookup.posture()));
        device.remember(own);
        // What the realm itself found ends sessions; a partner's word (for this sign-in only) never does, nor hides it.
        if (own.turnedBad()) {
            endOtherSessions(context, own);
        }
        DeviceJudgement judgement = own.vouchedBy(BrokeredSignIn.of(context.getSession(), context.getAuthenticationSession()));
        DeviceRecording.record(judgement, context.getAuthenticationSession(), context.getEvent());
        context.success();
    }

    private static SeenDevice seenDevice(AuthenticationFlowContext context, Instant now) {
        boolean browser = !TOKEN_FLOW_PATH.equals(context.getFlowPath());
        return browser ? SeenDevice.ofBrowser(context.getSession(), context.getRealm(), context.getUser(), now) : SeenDevice.none();
    }

    /** A token (or the MDM) says this device turned bad: the user's other sessions on it end now, as for a push. */
    private static void endOtherSessions(AuthenticationFlowContext context, DeviceJudgement judgement) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        int ended = SignalEngine.handle(context.getSession(), realm, new Signal(Trigger.DEVICE_NON_COMPLIANT,
                Subject.device(user.getId(), judgement.signIn().deviceId()), Signal.ZERO_TRUST),
                Map.of(EventDetails.DEVICE_SOURCE, judgement.signIn().source())).sessionsEnded();
        if (ended > 0) {
            LOG.infof("Realm %s: device %s reported non-compliant or high-threat by %s; ended %d session(s) of user %s",
                    realm.getName(), DeviceViews.abbreviated(judgement.signIn().deviceId()), judgement.signIn().source(),
                    ended, user.getId());
        }
    }

    /** What the sign-in offers: the browser's device and a posture token from the agent's header, else the URL's. */
    private static DeviceQuery query(AuthenticationFlowContext context, SeenDevice device) {
        String header = context.getHttpRequest().getHttpHeaders().getHeaderString(POSTURE_HEADER);
        if (header != null && !header.isBlank()) {
            return new DeviceQuery(context.getRealm(), context.getUser(), device.id(), Optional.of(header.strip()));
        }
        Optional<String> parameter = Optional.ofNullable(context.getAuthenticationSession().getClientNote(POSTURE_PARAM_NOTE))
                .filter(t -> !t.isBlank());
        return new DeviceQuery(context.getRealm(), context.getUser(), device.id(), parameter,
                parameter.isPresent() ? DeviceQuery.Asker.SIGN_IN_WITH_TOKEN_IN_URL : DeviceQuery.Asker.SIGN_IN);
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
