package io.github.zerotrust.keycloak.authn.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.device.Posture;
import io.github.zerotrust.keycloak.device.PostureClaims;
import io.github.zerotrust.keycloak.device.PostureException;
import io.github.zerotrust.keycloak.device.PostureReport;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A posture as the registry stores it: a normalised posture report (the fields of {@link PostureReport},
 * at most about 1 KiB), read back with the same strict parser that accepted it, so what is stored and
 * what is read can never drift apart.
 */
final class StoredPosture {

    private static final ObjectMapper JSON = JsonFormat.strict();

    private StoredPosture() {
    }

    static String write(Posture posture) {
        ObjectNode out = JSON.createObjectNode();
        posture.deviceId().ifPresent(v -> out.put(PostureClaims.DEVICE_ID, v));
        posture.platform().ifPresent(v -> out.put(PostureClaims.PLATFORM, v.key()));
        posture.osVersion().ifPresent(v -> out.put(PostureClaims.OS_VERSION, v.toString()));
        posture.diskEncrypted().ifPresent(v -> out.put(PostureClaims.DISK_ENCRYPTED, v));
        posture.firewallOn().ifPresent(v -> out.put(PostureClaims.FIREWALL, v));
        posture.antivirusRunning().ifPresent(v -> out.put(PostureClaims.AV_RUNNING, v));
        posture.antivirusSignaturesUpdatedAt().ifPresent(v -> out.put(PostureClaims.AV_SIGNATURES_AT, v.toString()));
        posture.screenLock().ifPresent(v -> out.put(PostureClaims.SCREEN_LOCK, v));
        posture.jailbroken().ifPresent(v -> out.put(PostureClaims.JAILBROKEN, v));
        posture.threat().ifPresent(v -> out.put(PostureClaims.THREAT, v.name().toLowerCase(Locale.ROOT)));
        posture.managed().ifPresent(v -> out.put(PostureClaims.MANAGED, v));
        posture.mdmCompliance().ifPresent(v -> out.put(PostureClaims.MDM_COMPLIANCE, v.graphName()));
        posture.reportedAt().ifPresent(v -> out.put(PostureReport.REPORTED_AT, v.toString()));
        return out.toString();
    }

    /** The stored posture; empty when there is none or it no longer reads (a downgrade), which counts as unknown. */
    static Optional<Posture> read(String json, Long receivedAtMillis) {
        if (json == null || receivedAtMillis == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PostureReport.parse(json, Instant.ofEpochMilli(receivedAtMillis)));
        } catch (PostureException unreadable) {
            return Optional.empty();
        }
    }
}
