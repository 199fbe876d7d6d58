package io.github.zerotrust.keycloak.authn.risk;

import java.util.stream.Collectors;

/** The plain-text body of an alert e-mail. */
final class AlertMail {

    private AlertMail() {
    }

    static String subject(RiskAlert alert) {
        if (alert.breakGlass()) {
            return "Break-glass account signed in or tried: " + alert.username() + " (realm " + alert.realm() + ")";
        }
        return "High-risk sign-in: " + alert.username() + " (" + alert.level() + ", score " + alert.score() + ")";
    }

    static String text(RiskAlert alert) {
        if (alert.breakGlass()) {
            return """
                    A break-glass (emergency) account of realm %s was used. Every such sign-in is an alert: it
                    should only happen in an emergency or a planned drill.

                    User:     %s
                    Address:  %s (%s)
                    Time:     %s
                    What:     %s

                    If nobody expected this, treat it as an incident: disable the account or reset its credentials
                    (Users > %s), and read the realm's events (search for zt-break-glass).
                    -- Keycloak Zero Trust
                    """.formatted(alert.realm(), alert.username(), alert.ipAddress(), alert.country(), alert.at(),
                    alert.reasons().isEmpty() ? "" : alert.reasons().get(0).detail(), alert.username());
        }
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
