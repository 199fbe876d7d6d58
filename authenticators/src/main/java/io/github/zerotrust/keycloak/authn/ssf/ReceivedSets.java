package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.util.Map;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The event of a SET that was refused or that changed nothing: {@code CUSTOM_REQUIRED_ACTION} (or its {@code _ERROR})
 * with {@code custom_required_action} = {@value #EVENT_ID} and {@code zt_ssf_*} details. A SET that acts is the
 * {@code CUSTOM_REQUIRED_ACTION} event of the signal engine ({@code custom_required_action=zt-signal}), with the same details. Never the token, never a secret.
 */
final class ReceivedSets {

    static final String EVENT_ID = "zt-ssf";
    static final String TRANSMITTER = "zt_ssf_transmitter";
    static final String ISSUER = "zt_ssf_issuer";
    static final String EVENT = "zt_ssf_event";
    static final String SUBJECT = "zt_ssf_subject";
    static final String OUTCOME = "zt_ssf_outcome";
    static final String ERROR = "zt_ssf_error";
    static final String JTI = "zt_ssf_jti";
    static final String ACTED = "acted";
    static final String UNKNOWN_SUBJECT = "unknown-subject";
    static final String NOT_ALLOWED = "not-allowed";
    static final String REFUSED = "refused";
    /** A polled SET whose jti was taken before (its acknowledgement was lost): acknowledged again, nothing done. */
    static final String REDELIVERED = "redelivered";
    static final String POLL_FAILED = "poll-failed";
    static final String POLL_RECOVERED = "poll-recovered";
    static final String FAILURES = "zt_ssf_failures";

    private ReceivedSets() {
    }

    static void accepted(KeycloakSession session, RealmModel realm, Map<String, String> details, String outcome) {
        EventBuilder event = builder(session, realm);
        details.forEach(event::detail);
        event.detail(OUTCOME, outcome).success();
    }

    static void refused(KeycloakSession session, RealmModel realm, String alias, String issuer, SetRefused refused) {
        EventBuilder event = builder(session, realm).detail(OUTCOME, REFUSED).detail(ERROR, refused.error().code())
                .detail(Details.REASON, refused.description());
        if (alias != null) {
            event.detail(TRANSMITTER, alias);
        }
        if (issuer != null) {
            event.detail(ISSUER, issuer);
        }
        event.error(refused.error().code());
    }

    /** A poll that failed: every one is an event (the log has only the first of an outage). */
    static void pollFailed(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter, String reason, int failures) {
        builder(session, realm).detail(OUTCOME, POLL_FAILED).detail(TRANSMITTER, transmitter.alias())
                .detail(ISSUER, transmitter.issuer()).detail(Details.REASON, reason).detail(FAILURES, Integer.toString(failures))
                .error(POLL_FAILED);
    }

    /** The first poll that worked after {@code failures} in a row. */
    static void pollRecovered(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter, int failures) {
        builder(session, realm).detail(OUTCOME, POLL_RECOVERED).detail(TRANSMITTER, transmitter.alias())
                .detail(ISSUER, transmitter.issuer()).detail(FAILURES, Integer.toString(failures)).success();
    }

    private static EventBuilder builder(KeycloakSession session, RealmModel realm) {
        EventBuilder event = session.getContext().getConnection() == null ? new EventBuilder(realm, session)
                : new EventBuilder(realm, session, session.getContext().getConnection());
        return event.event(EventType.CUSTOM_REQUIRED_ACTION).detail(Details.CUSTOM_REQUIRED_ACTION, EVENT_ID);
    }

    static String abbreviated(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
