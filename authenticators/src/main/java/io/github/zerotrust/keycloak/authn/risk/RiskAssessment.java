package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.authn.signin.AssessmentNote;
import io.github.zerotrust.keycloak.authn.signin.DeviceThreatNote;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.ParsedConfig;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.authn.signin.SignInNotes;
import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.PastSignIn;
import io.github.zerotrust.keycloak.risk.RiskScorer;
import io.github.zerotrust.keycloak.risk.SignInFacts;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import java.time.Clock;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Assesses the sign-in once the user is known: gathers the facts, runs the risk core, keeps the
 * {@link Assessment} in the authentication session for the risk conditions, and writes its score,
 * level and reasons into the event. It never blocks: what to do about a level is the flow's call.
 */
final class RiskAssessment implements Authenticator {

    static final RiskAssessment SINGLETON = new RiskAssessment(KeycloakClock.get());

    private static final String TOKEN_FLOW_PATH = "token";
    private static final Logger LOG = Logger.getLogger(RiskAssessment.class);

    private final Clock clock;
    private final ParsedConfig<RiskStepConfig> configs = new ParsedConfig<>(RiskStepConfig::parse);

    RiskAssessment(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RiskStepConfig config = configs.of(context.getAuthenticatorConfig());
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SignInLocation location = SignInLocation.of(session, realm, context.getConnection());

        boolean browser = !TOKEN_FLOW_PATH.equals(context.getFlowPath());
        String deviceId;
        String deviceStatus;
        if (browser) {
            RecognisedBrowser.Recognition recognition = RecognisedBrowser.read(session, realm, user);
            deviceId = recognition.deviceId();
            deviceStatus = recognition.status().name().toLowerCase(java.util.Locale.ROOT);
            if (recognition.status() == RecognisedBrowser.Status.TAMPERED) {
                LOG.warnf("Realm %s: a recognised-browser cookie that does not verify was presented for user %s; "
                        + "counted as a new device", realm.getName(), user.getId());
            }
        } else {
            // Scripts have no browser: the client they use is their device.
            deviceId = "client:" + authSession.getClient().getClientId();
            deviceStatus = "client";
        }

        SignInContext.Gathered gathered = SignInContext.gather(session, realm, user, location, deviceId,
                DeviceThreatNote.of(authSession), clock.instant(), config.risk());
        SignInFacts facts = gathered.facts();
        Assessment assessment = new RiskScorer(config.risk()).assess(facts);

        AssessmentNote.put(authSession, assessment);
        PendingSignIn.of(user.getId(), PastSignIn.of(facts), browser, config.risk().historySize(),
                config.risk().historyRetention(), gathered.needsPruning(),
                assessment.level().name().toLowerCase(java.util.Locale.ROOT)).handOver(session, authSession);

        EventBuilder event = context.getEvent();
        location.describe(session, authSession, event);
        SignInNotes.put(authSession, event, EventDetails.RISK_SCORE, Integer.toString(assessment.score()));
        SignInNotes.put(authSession, event, EventDetails.RISK_LEVEL, assessment.level().name().toLowerCase(java.util.Locale.ROOT));
        SignInNotes.put(authSession, event, EventDetails.RISK_REASONS,
                assessment.reasonNames().isEmpty() ? "none" : assessment.reasonNames());
        SignInNotes.put(authSession, event, EventDetails.DEVICE, deviceStatus);

        if (assessment.level().atLeast(config.alertLevel())) {
            RiskAlerts.get().raise(session, config, RiskAlert.of(realm, user, context.getConnection(), location, assessment));
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
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
