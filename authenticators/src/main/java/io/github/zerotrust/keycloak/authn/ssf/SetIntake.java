package io.github.zerotrust.keycloak.authn.ssf;

import io.github.zerotrust.keycloak.authn.signals.SignalEngine;
import io.github.zerotrust.keycloak.signals.Signal;
import io.github.zerotrust.keycloak.signals.Subject;
import io.github.zerotrust.keycloak.spi.KeycloakClock;
import io.github.zerotrust.keycloak.ssf.SecurityEventToken;
import io.github.zerotrust.keycloak.ssf.SetError;
import io.github.zerotrust.keycloak.ssf.SetRefused;
import io.github.zerotrust.keycloak.ssf.SsfEvents;
import io.github.zerotrust.keycloak.ssf.TransmitterSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The one way a SET from a trusted transmitter is taken in, pushed or polled: verified ({@link SetVerifier}), its
 * {@code jti} taken once per cluster, its event mapped to a trigger, its subject resolved, the signal engine acting, and
 * an event either way ({@link ReceivedSets}). A refused SET is recorded here too, so push and poll cannot differ in what
 * they check or what they record.
 */
final class SetIntake {

    /** What became of a SET that was not refused. */
    enum Outcome {
        /** Taken for the first time: acted on, or recorded as changing nothing. */
        TAKEN,
        /** Its {@code jti} was taken before; polled SETs come back when an acknowledgement was lost. Nothing is done. */
        SEEN_BEFORE
    }

    /** The taken SET's {@code jti} (the one it is acknowledged by) and what became of it. */
    record Taken(String jti, Outcome outcome) {
    }

    private SetIntake() {
    }

    /**
     * @param pollKey the SET's key in a poll answer (it must be the SET's {@code jti}: only a verified {@code jti} is
     *                acknowledged), or null for a push. A polled SET seen before is a redelivery (acknowledged again,
     *                nothing done); a pushed one a replay (refused).
     * @throws SetRefused when the SET does not verify, is filed under another key, or is a replay; already recorded
     */
    static Taken take(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter, String token,
                      String pollKey) throws SetRefused {
        boolean redeliveryExpected = pollKey != null;
        SecurityEventToken set;
        boolean first;
        try {
            set = SetVerifier.verify(session, realm.getId(), transmitter, token, KeycloakClock.get());
            if (redeliveryExpected && !pollKey.equals(set.jti())) {
                throw new SetRefused(SetError.INVALID_REQUEST, "the SET's key in the poll answer is not its jti");
            }
            first = SetVerifier.firstSight(session, realm.getId(), transmitter, set);
            if (!first && !redeliveryExpected) {
                throw new SetRefused(SetError.INVALID_REQUEST, "the SET's jti was seen before (replay)");
            }
        } catch (SetRefused refused) {
            ReceivedSets.refused(session, realm, transmitter.alias(), transmitter.issuer(), refused);
            throw refused;
        }
        Map<String, String> details = details(transmitter, set);
        if (!first) {
            ReceivedSets.accepted(session, realm, details, ReceivedSets.REDELIVERED);
            return new Taken(set.jti(), Outcome.SEEN_BEFORE);
        }
        try {
            handle(session, realm, transmitter, set, details);
        } catch (RuntimeException failed) {
            SetVerifier.forget(session, realm.getId(), transmitter, set);
            throw failed;
        }
        return new Taken(set.jti(), Outcome.TAKEN);
    }

    private static Map<String, String> details(TransmitterSettings transmitter, SecurityEventToken set) {
        SsfEvents.Meaning meaning = SsfEvents.meaning(set.eventType(), set.event());
        Map<String, String> details = new LinkedHashMap<>();
        details.put(ReceivedSets.TRANSMITTER, transmitter.alias());
        details.put(ReceivedSets.ISSUER, transmitter.issuer());
        details.put(ReceivedSets.EVENT, meaning.name());
        details.put(ReceivedSets.SUBJECT, set.subject().map(s -> s.format()).orElse("none"));
        details.put(ReceivedSets.JTI, ReceivedSets.abbreviated(set.jti()));
        return details;
    }

    private static void handle(KeycloakSession session, RealmModel realm, TransmitterSettings transmitter, SecurityEventToken set,
                               Map<String, String> details) {
        SsfEvents.Meaning meaning = SsfEvents.meaning(set.eventType(), set.event());
        if (meaning.trigger().isEmpty()) {
            ReceivedSets.accepted(session, realm, details, meaning.kind().id());
            return;
        }
        if (!transmitter.mayCause(meaning.trigger().get())) {
            ReceivedSets.accepted(session, realm, details, ReceivedSets.NOT_ALLOWED);
            return;
        }
        Optional<Subject> subject = set.subject()
                .flatMap(id -> SetSubjects.resolve(session, realm, transmitter, id, meaning.trigger().get()));
        if (subject.isEmpty()) {
            ReceivedSets.accepted(session, realm, details, ReceivedSets.UNKNOWN_SUBJECT);
            return;
        }
        details.put(ReceivedSets.OUTCOME, ReceivedSets.ACTED);
        SignalEngine.handle(session, realm, new Signal(meaning.trigger().get(), subject.get(),
                Signal.fromTransmitter(transmitter.issuer())), details);
    }
}
