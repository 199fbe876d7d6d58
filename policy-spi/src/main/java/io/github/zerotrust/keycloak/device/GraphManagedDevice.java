package io.github.zerotrust.keycloak.device;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.risk.DeviceThreat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One Microsoft Graph {@code managedDevice} object (Intune, {@code GET /deviceManagement/managedDevices/{id}}),
 * or the same shape from another MDM, as the {@code mdm-http} provider receives it. Read leniently: a
 * missing, {@code null}, mistyped or unrecognised field is unknown, and only input that is not a JSON
 * object is a {@link PostureException}. Graph's oddities are handled: {@code jailBroken} is the string
 * {@code "True"}, {@code "False"} or {@code "Unknown"}; "never" is {@code 0001-01-01T00:00:00Z}; a device
 * not registered in Entra ID has the all-zero {@code azureADDeviceId}.
 *
 * <p>Graph does not report firewall, antivirus, screen lock or signature dates: with this source those
 * checks fail as "not reported" unless the condition relies on {@code complianceState} instead
 * ({@code require-mdm-compliance} on, the others off). The threat comes from
 * {@code partnerReportedThreatState} (a Mobile Threat Defense partner), when there is one.
 *
 * @param userPrincipalName to match the device to the user signing in; personal data, so left out of {@link #toString()}
 */
public record GraphManagedDevice(Optional<String> id, Optional<String> deviceName, Optional<Platform> operatingSystem,
                                 Optional<OsVersion> osVersion, Optional<MdmCompliance> complianceState,
                                 Optional<Boolean> isEncrypted, Optional<Boolean> jailBroken,
                                 Optional<String> managementAgent, Optional<Instant> lastSyncDateTime,
                                 Optional<String> azureADDeviceId, Optional<String> userPrincipalName,
                                 Optional<DeviceThreat> partnerReportedThreatState) {

    static final int MAX_TEXT_LENGTH = 256;
    private static final String NO_ENTRA_DEVICE = "00000000-0000-0000-0000-000000000000";
    // Management agents through which Intune (or a partner MDM) manages the device; "eas" alone is mail only.
    private static final Set<String> MANAGING_AGENTS = Set.of("mdm", "easmdm", "intuneclient", "easintuneclient",
            "configurationmanagerclient", "configurationmanagerclientmdm", "configurationmanagerclientmdmeas", "jamf",
            "googleclouddevicepolicycontroller", "microsoft365managedmdm", "mssense", "intuneaosp", "google");
    private static final Set<String> NOT_MANAGING_AGENTS = Set.of("eas", "unknown");

    public static GraphManagedDevice of(JsonNode device) throws PostureException {
        if (device == null || !device.isObject()) {
            throw new PostureException("A Graph managedDevice must be a JSON object, not "
                    + (device == null || device.isMissingNode() ? "nothing" : device.getNodeType().name().toLowerCase(Locale.ROOT))
                    + ".");
        }
        return new GraphManagedDevice(text(device, "id"), text(device, "deviceName"),
                text(device, "operatingSystem").flatMap(Platform::parse),
                text(device, "osVersion").flatMap(OsVersion::parse),
                text(device, "complianceState").flatMap(MdmCompliance::parse),
                flag(device, "isEncrypted"), jailBroken(device.get("jailBroken")), text(device, "managementAgent"),
                time(device, "lastSyncDateTime"), text(device, "azureADDeviceId").filter(id -> !id.equals(NO_ENTRA_DEVICE)),
                text(device, "userPrincipalName"), threat(device));
    }

    /** The posture Graph reports, from {@link Posture#MDM_HTTP}, as of the device's last sync with the MDM. */
    public Posture posture() {
        return Posture.from(Posture.MDM_HTTP).deviceId(id.orElse(null)).platform(operatingSystem.orElse(null))
                .osVersion(osVersion.orElse(null)).diskEncrypted(isEncrypted.orElse(null))
                .jailbroken(jailBroken.orElse(null)).threat(partnerReportedThreatState.orElse(null))
                .managed(managed().orElse(null)).mdmCompliance(complianceState.orElse(null))
                .reportedAt(lastSyncDateTime.orElse(null)).build();
    }

    /** Managed through an MDM channel; {@code eas} (mail only) and {@code unknown} are not; others are unknown. */
    public Optional<Boolean> managed() {
        return managementAgent.map(agent -> agent.toLowerCase(Locale.ROOT)).flatMap(agent ->
                MANAGING_AGENTS.contains(agent) ? Optional.of(true)
                        : NOT_MANAGING_AGENTS.contains(agent) ? Optional.of(false) : Optional.empty());
    }

    @Override
    public String toString() {
        return "GraphManagedDevice[id=" + id.orElse("?") + ", " + operatingSystem.map(Platform::displayName).orElse("?")
                + " " + osVersion.map(OsVersion::toString).orElse("?") + ", complianceState="
                + complianceState.map(MdmCompliance::graphName).orElse("?") + "]";
    }

    private static Optional<String> text(JsonNode device, String field) {
        JsonNode value = device.get(field);
        if (value == null || !value.isTextual()) {
            return Optional.empty();
        }
        String text = value.textValue().strip();
        return text.isEmpty() || text.length() > MAX_TEXT_LENGTH || text.chars().anyMatch(Character::isISOControl)
                ? Optional.empty() : Optional.of(text);
    }

    private static Optional<Boolean> flag(JsonNode device, String field) {
        JsonNode value = device.get(field);
        return value != null && value.isBoolean() ? Optional.of(value.booleanValue()) : Optional.empty();
    }

    // Graph sends "True" / "False" / "Unknown"; a real boolean from an MDM that copies the shape is fine too.
    private static Optional<Boolean> jailBroken(JsonNode value) {
        if (value != null && value.isBoolean()) {
            return Optional.of(value.booleanValue());
        }
        String text = value != null && value.isTextual() ? value.textValue().strip().toLowerCase(Locale.ROOT) : "";
        return switch (text) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<Instant> time(JsonNode device, String field) {
        return text(device, field).flatMap(text -> {
            try {
                Instant time = OffsetDateTime.parse(text).toInstant();
                // 0001-01-01T00:00:00Z is Graph's "never"; anything before 2000 is no real sync either.
                return time.isBefore(PostureFields.EARLIEST) ? Optional.empty() : Optional.of(time);
            } catch (DateTimeParseException notIso) {
                return Optional.empty();
            }
        });
    }

    private static Optional<DeviceThreat> threat(JsonNode device) {
        return text(device, "partnerReportedThreatState").map(state -> switch (state.toLowerCase(Locale.ROOT)) {
            case "secured" -> DeviceThreat.CLEAR;
            case "lowseverity" -> DeviceThreat.LOW;
            case "mediumseverity" -> DeviceThreat.MEDIUM;
            case "highseverity", "compromised" -> DeviceThreat.HIGH;
            // unknown, activated, deactivated, unresponsive, misconfigured: the partner does not know the health.
            default -> null;
        });
    }
}
