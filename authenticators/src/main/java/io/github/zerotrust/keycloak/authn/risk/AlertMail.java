package io.github.zerotrust.keycloak.authn.risk;

import java.util.stream.Collectors;

/** The plain-text body of an alert e-mail. */
final class AlertMail {

    private AlertMail() {
    }

    static String text(RiskAlert alert) {
        String reasons = alert.reasons().stream()
                .map(r -> "  - " + r.signal() + " (+" + r.weight() + "): " + r.detail())
                .collect(Collectors.joining("\n"));
        return """
                A sign-in to realm %s was assessed as %s risk (score %d of 100).

                User:     %s
                Address:  %s (%s)
                Time:     %s
                Reasons:
                %s

                If this was not the user, reset their credentials and sign them out in the admin console
                (Users > %s > Sessions). The realm's events hold the details (search for zt_risk_level).
                -- Keycloak Zero Trust
                """.formatted(alert.realm(), alert.level(), alert.score(), alert.username(), alert.ipAddress(),
                alert.country(), alert.at(), reasons.isEmpty() ? "  (none)" : reasons, alert.username());
    }
}
