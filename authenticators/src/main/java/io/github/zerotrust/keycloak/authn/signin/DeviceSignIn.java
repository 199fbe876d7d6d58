package io.github.zerotrust.keycloak.authn.signin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.zerotrust.keycloak.device.Check;
import io.github.zerotrust.keycloak.device.ComplianceVerdict;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.json.JsonFormat;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import java.util.List;
import java.util.Optional;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the device step found, kept in the authentication session for the conditions, the remediation
 * page and the restriction step that follow it.
 *
 * @param status   the verdict's status name, or {@code UNKNOWN} when no source knew the device
 * @param source   the posture source that answered, or {@code none}
 * @param deviceId the device's registry id, when there is one
 * @param failures what failed, in page order
 * @param problem  why no posture could be had (a source down, a token refused), for the event; no secrets
 */
public record DeviceSignIn(String status, String trust, String source, String deviceId, List<Item> failures, String problem) {

    static final String NOTE = "zt.device";
    public static final String UNKNOWN = "UNKNOWN";
    /** The posture source was down and its admin chose fail-open: let in, but never trusted beyond unmanaged. */
    public static final String FAILED_OPEN = "FAILED_OPEN";
    // Lenient: during a rolling upgrade the note may come from a node that knows more fields.
    private static final ObjectMapper JSON = JsonFormat.lenient();

    public record Item(String check, String key, List<String> args, String text) {
    }

    public static DeviceSignIn of(ComplianceVerdict verdict, DeviceTrust trust, String source, String deviceId, String problem) {
        List<Item> items = verdict.failures().stream()
                .map(f -> new Item(f.check().id(), f.messageKey(), f.arguments(), f.text())).toList();
        return new DeviceSignIn(verdict.status().name(), trust.claimValue(), source, deviceId, items, problem);
    }

    /** A standing an identity provider vouched for ({@code DeviceFinding#vouchedBy}), with the page's text for each failure. */
    public static DeviceSignIn vouched(DeviceFinding finding, String source, String deviceId) {
        List<Item> items = finding.failures().stream()
                .map(f -> new Item(f.check(), UPSTREAM_MANAGED_KEY, List.of(), f.text())).toList();
        return new DeviceSignIn(finding.status().name(), finding.trust().claimValue(), source, deviceId, items, null);
    }

    /** The page's text for a device its identity provider vouches for as managed, not compliant. */
    static final String UPSTREAM_MANAGED_KEY = "ztDeviceUpstreamManaged";

    public static DeviceSignIn unknown(String deviceId, String problem) {
        return new DeviceSignIn(UNKNOWN, DeviceTrust.UNMANAGED.claimValue(), "none", deviceId, List.of(), problem);
    }

    public static DeviceSignIn failedOpen(String deviceId, String problem) {
        return new DeviceSignIn(FAILED_OPEN, DeviceTrust.UNMANAGED.claimValue(), "none", deviceId, List.of(), problem);
    }

    public boolean allowsAccess() {
        return status.equals(ComplianceVerdict.Status.COMPLIANT.name()) || status.equals(ComplianceVerdict.Status.IN_GRACE.name())
                || status.equals(FAILED_OPEN);
    }

    public DeviceTrust deviceTrust() {
        return DeviceTrust.parse(trust).orElse(DeviceTrust.UNMANAGED);
    }

    /** What the steps after the device step decide on. */
    public DeviceFinding finding() {
        DeviceFinding.Status parsed;
        try {
            parsed = DeviceFinding.Status.valueOf(status);
        } catch (IllegalArgumentException unreadable) {
            parsed = DeviceFinding.Status.UNKNOWN;
        }
        return new DeviceFinding(parsed, deviceTrust(),
                failures.stream().map(i -> new DeviceFinding.FailedCheck(i.check(), i.text())).toList(), Optional.ofNullable(problem));
    }

    /** {@code os-version,disk-encryption}, {@code unknown-device} or {@code none}. */
    public String failureIds() {
        if (status.equals(UNKNOWN)) {
            return "unknown-device";
        }
        if (status.equals(FAILED_OPEN)) {
            return "source-unavailable";
        }
        return failures.isEmpty() ? "none" : String.join(",", failures.stream().map(Item::check).toList());
    }

    public String failureTexts() {
        if (status.equals(UNKNOWN)) {
            return "the device is not known" + (problem == null ? "" : " (" + problem + ")");
        }
        return String.join("; ", failures.stream().map(i -> i.check() + ": " + i.text()).toList());
    }

    /** The advice key of each failed check, for the page. */
    public static String helpKey(String checkId) {
        for (Check check : Check.values()) {
            if (check.id().equals(checkId)) {
                return check.remediationKey();
            }
        }
        return "ztDeviceUnknownHelp";
    }

    public void store(AuthenticationSessionModel authSession) {
        try {
            authSession.setAuthNote(NOTE, JSON.writeValueAsString(this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Optional<DeviceSignIn> of(AuthenticationSessionModel authSession) {
        String note = authSession.getAuthNote(NOTE);
        if (note == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(note, DeviceSignIn.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

}
