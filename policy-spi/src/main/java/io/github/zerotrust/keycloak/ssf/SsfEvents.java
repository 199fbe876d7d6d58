package io.github.zerotrust.keycloak.ssf;

import io.github.zerotrust.keycloak.signals.Trigger;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each CAEP, RISC and SSF event type means here. Mapped events become a {@link Trigger} (only in the direction
 * that calls for it: a device turning compliant or a risk going down ends nothing); the others are recorded. An
 * unknown type is accepted and ignored, as SSF asks of receivers.
 */
public final class SsfEvents {

    public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    public static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";
    public static final String SSF = "https://schemas.openid.net/secevent/ssf/event-type/";
    public static final String VERIFICATION = SSF + "verification";

    /** Every trigger an event can map to: a transmitter may cause these (by default all of them). */
    public static final Set<Trigger> MAPPED_TRIGGERS = EnumSet.of(Trigger.SESSION_REVOKED, Trigger.CREDENTIAL_REMOVED,
            Trigger.DEVICE_NON_COMPLIANT, Trigger.ASSURANCE_DECREASED, Trigger.RISK_HIGH, Trigger.USER_DISABLED,
            Trigger.CREDENTIAL_COMPROMISE, Trigger.USER_DELETED, Trigger.CREDENTIAL_CHANGE_REQUIRED, Trigger.SIGN_OUT_EVERYWHERE);

    private SsfEvents() {
    }

    /** How a SET was taken: the value of the {@code zt_ssf_outcome} detail when nothing was acted on. */
    public enum Kind {
        /** The event calls for a trigger. */
        MAPPED,
        /** A known event that changes nothing here (a device became compliant, claims changed): recorded. */
        RECORDED,
        /** SSF stream verification: accepted, recorded. */
        VERIFICATION,
        /** An event type the suite does not know: accepted, ignored. */
        IGNORED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param name    the event's short name ({@code session-revoked}), or {@code unknown}
     * @param trigger for {@link Kind#MAPPED}
     */
    public record Meaning(Kind kind, String name, Optional<Trigger> trigger) {

        static Meaning mapped(String name, Trigger trigger) {
            return new Meaning(Kind.MAPPED, name, Optional.of(trigger));
        }

        static Meaning recorded(String name) {
            return new Meaning(Kind.RECORDED, name, Optional.empty());
        }
    }

    public static Meaning meaning(String type, Map<?, ?> event) {
        if (VERIFICATION.equals(type)) {
            return new Meaning(Kind.VERIFICATION, "verification", Optional.empty());
        }
        if (type.startsWith(CAEP)) {
            String name = type.substring(CAEP.length());
            return switch (name) {
                case "session-revoked" -> Meaning.mapped(name, Trigger.SESSION_REVOKED);
                case "credential-change" -> is(event, "change_type", "revoke", "delete")
                        ? Meaning.mapped(name, Trigger.CREDENTIAL_REMOVED) : Meaning.recorded(name);
                case "device-compliance-change" -> is(event, "current_status", "not-compliant")
                        ? Meaning.mapped(name, Trigger.DEVICE_NON_COMPLIANT) : Meaning.recorded(name);
                case "assurance-level-change" -> is(event, "change_direction", "decrease")
                        ? Meaning.mapped(name, Trigger.ASSURANCE_DECREASED) : Meaning.recorded(name);
                case "risk-level-change" -> is(event, "current_level", "high")
                        ? Meaning.mapped(name, Trigger.RISK_HIGH) : Meaning.recorded(name);
                case "token-claims-change", "session-established", "session-presented" -> Meaning.recorded(name);
                default -> unknown();
            };
        }
        if (type.startsWith(RISC)) {
            String name = type.substring(RISC.length());
            return switch (name) {
                case "account-disabled" -> Meaning.mapped(name, Trigger.USER_DISABLED);
                case "credential-compromise" -> Meaning.mapped(name, Trigger.CREDENTIAL_COMPROMISE);
                case "account-purged" -> Meaning.mapped(name, Trigger.USER_DELETED);
                case "account-credential-change-required" -> Meaning.mapped(name, Trigger.CREDENTIAL_CHANGE_REQUIRED);
                case "sessions-revoked" -> Meaning.mapped(name, Trigger.SIGN_OUT_EVERYWHERE);
                case "account-enabled", "identifier-changed", "identifier-recycled", "opt-in", "opt-out-initiated",
                     "opt-out-cancelled", "opt-out-effective", "recovery-activated", "recovery-information-changed" ->
                        Meaning.recorded(name);
                default -> unknown();
            };
        }
        if (type.equals(SSF + "stream-updated")) {
            return Meaning.recorded("stream-updated");
        }
        return unknown();
    }

    private static Meaning unknown() {
        return new Meaning(Kind.IGNORED, "unknown", Optional.empty());
    }

    private static boolean is(Map<?, ?> event, String member, String... values) {
        Object value = event.get(member);
        if (!(value instanceof String s)) {
            return false;
        }
        for (String v : values) {
            if (v.equalsIgnoreCase(s.strip())) {
                return true;
            }
        }
        return false;
    }
}
