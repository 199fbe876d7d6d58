package io.github.zerotrust.keycloak.authn.signin;

import org.keycloak.events.EventBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The zero-trust details of a sign-in, kept in its authentication session so that whichever request
 * finally fires the {@code LOGIN} or {@code LOGIN_ERROR} event can carry them: a sign-in with an
 * extra step (one-time code, passkey) spans several requests, and Keycloak builds a new event for
 * each.
 */
public final class SignInNotes {

    /** Event details kept as auth notes under the same names with this prefix. */
    private static final String PREFIX = "zt.event.";
    private static final String[] CARRIED = {
            EventDetails.COUNTRY, EventDetails.ZONES, EventDetails.ADDRESS, EventDetails.DEVICE,
            EventDetails.RISK_SCORE, EventDetails.RISK_LEVEL, EventDetails.RISK_REASONS,
            EventDetails.DEVICE_ID, EventDetails.DEVICE_TRUST, EventDetails.DEVICE_STATUS, EventDetails.DEVICE_FAILURES,
            EventDetails.DEVICE_SOURCE, EventDetails.DEVICE_PROBLEM,
            EventDetails.IDP, EventDetails.UPSTREAM_ACR, EventDetails.TRUSTED_UPSTREAM, EventDetails.UPSTREAM_REASON,
            EventDetails.TRUSTED_UPSTREAM_DEVICE, EventDetails.UPSTREAM_DEVICE_REASON};

    private SignInNotes() {
    }

    static final int MAX_VALUE = 500;

    /** Records a detail in this request's event and for the requests to come. */
    public static void put(AuthenticationSessionModel authSession, EventBuilder event, String detail, String value) {
        String fitted = fit(value);
        event.detail(detail, fitted);
        authSession.setAuthNote(PREFIX + detail, fitted);
    }

    /** At most {@value #MAX_VALUE} characters on one line: a value may quote a step's settings, which may be anything. */
    static String fit(String value) {
        if (value == null) {
            return null;
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= MAX_VALUE ? clean : clean.substring(0, MAX_VALUE - 3) + "...";
    }

    /** Adds every detail recorded earlier in this sign-in to this request's event. */
    public static void addTo(AuthenticationSessionModel authSession, EventBuilder event) {
        for (String detail : CARRIED) {
            String value = authSession.getAuthNote(PREFIX + detail);
            if (value != null) {
                event.detail(detail, value);
            }
        }
        String reportOnly = authSession.getAuthNote(MatchedRules.REPORT_ONLY_NOTE);
        if (reportOnly != null) {
            event.detail(EventDetails.REPORT_ONLY, reportOnly.replace("\n", "; "));
        }
    }
}
