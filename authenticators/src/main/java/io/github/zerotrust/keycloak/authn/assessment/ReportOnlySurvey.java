package io.github.zerotrust.keycloak.authn.assessment;

import io.github.zerotrust.keycloak.assessment.ReportOnlyImpact;
import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.signin.MatchedRules;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Details;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What {@link ReportOnlyImpact} needs from the realm: the steps now in report-only (in any flow, bound or not, each
 * named by its configuration alias as its events name it), and the saved sign-in events of the last 30 days that carry
 * {@code zt_report_only}, at most {@link #MAX_EVENTS} read, newest first.
 */
final class ReportOnlySurvey {

    static final int MAX_EVENTS = 10_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Instant now;
    private int read;

    ReportOnlySurvey(KeycloakSession session, RealmModel realm, Instant now) {
        this.session = session;
        this.realm = realm;
        this.now = now;
    }

    List<ReportOnlyImpact.Rule> rules() {
        List<ReportOnlyImpact.Rule> rules = new ArrayList<>();
        realm.getAuthenticationFlowsStream().sorted(Comparator.comparing(AuthenticationFlowModel::getAlias)).forEach(flow ->
                realm.getAuthenticationExecutionsStream(flow.getId()).forEach(execution -> reportOnly(flow, execution).ifPresent(rules::add)));
        return rules;
    }

    private Optional<ReportOnlyImpact.Rule> reportOnly(AuthenticationFlowModel flow, AuthenticationExecutionModel execution) {
        if (execution.isDisabled() || execution.getAuthenticatorConfig() == null) {
            return Optional.empty();
        }
        Optional<String> key = StepKinds.reportOnlyKey(execution.getAuthenticator());
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        if (key.isEmpty() || config == null || config.getConfig() == null || !Boolean.parseBoolean(config.getConfig().get(key.get()))) {
            return Optional.empty();
        }
        return Optional.of(new ReportOnlyImpact.Rule(MatchedRules.ruleName(config, execution.getAuthenticator()), flow.getAlias(),
                execution.getAuthenticator()));
    }

    boolean eventsSaved() {
        return new PasswordGrantUse(session, realm, now).eventsSaved();
    }

    List<ReportOnlyImpact.Sighting> sightings() {
        List<ReportOnlyImpact.Sighting> sightings = new ArrayList<>();
        EventStoreProvider store = session.getProvider(EventStoreProvider.class);
        if (store == null) {
            return sightings;
        }
        store.createQuery().realm(realm.getId()).type(EventType.LOGIN, EventType.LOGIN_ERROR)
                .fromDate(Date.from(now.minus(ReportOnlyImpact.MONTH))).maxResults(MAX_EVENTS).getResultStream()
                .forEach(event -> {
                    read++;
                    Map<String, String> details = event.getDetails();
                    String detail = details == null ? null : details.get(EventDetails.REPORT_ONLY);
                    if (detail != null) {
                        sightings.add(new ReportOnlyImpact.Sighting(Instant.ofEpochMilli(event.getTime()), event.getUserId(),
                                details.get(Details.USERNAME), detail));
                    }
                });
        return sightings;
    }

    /** How many events {@link #sightings} read; {@value #MAX_EVENTS} means older ones were not. */
    int read() {
        return read;
    }
}
