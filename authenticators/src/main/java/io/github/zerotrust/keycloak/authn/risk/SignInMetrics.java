package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.risk.Assessment;
import io.github.zerotrust.keycloak.risk.RiskLevel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.Locale;
import java.util.Map;
import org.keycloak.events.Errors;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

/**
 * {@code zt_sign_ins_total{outcome, risk_level}} on Keycloak's metrics endpoint
 * ({@code --metrics-enabled=true}, management port, {@code /metrics}). Outcomes: {@code success},
 * {@code denied} (a rule refused it), {@code failed} (anything else); levels: {@code low},
 * {@code medium}, {@code high}, or {@code none} when no assessment ran. Labels are bounded: no
 * realm or user names.
 */
final class SignInMetrics {

    static final String NAME = "zt_sign_ins";

    private SignInMetrics() {
    }

    static void count(Event event) {
        String outcome;
        if (event.getType() == EventType.LOGIN) {
            outcome = "success";
        } else if (event.getType() == EventType.LOGIN_ERROR) {
            outcome = Errors.ACCESS_DENIED.equals(event.getError()) ? "denied" : "failed";
        } else {
            return;
        }
        Map<String, String> details = event.getDetails();
        String level = details == null ? null : details.get(Assessment.EVENT_LEVEL);
        String label = RiskLevel.parse(level).map(l -> l.name().toLowerCase(Locale.ROOT)).orElse("none");
        Counter.builder(NAME)
                .description("Sign-ins seen by Keycloak Zero Trust, by outcome and risk level")
                .tag("outcome", outcome)
                .tag("risk_level", label)
                .register(Metrics.globalRegistry)
                .increment();
    }
}
