package io.github.zerotrust.keycloak.it.upgrade;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.zerotrust.keycloak.it.harness.Flow;
import io.github.zerotrust.keycloak.it.harness.RealmBuilder;
import java.util.List;
import java.util.Map;

/**
 * A realm with every zero-trust step and realm setting configured, written with the keys an admin types
 * today. {@link RealmExportFixture} exports it from a running server into the test resource that
 * {@code RealmExportImportIT} imports: what an operator exported before a change must import after it.
 */
final class EveryZeroTrustSetting {

    static final String REALM = "zt-upgrade";
    static final String DIRECT_GRANT = "upgrade direct grant";
    static final String BROWSER = "upgrade browser";

    private EveryZeroTrustSetting() {
    }

    static ObjectNode realm() {
        ObjectNode realm = RealmBuilder.realm(REALM)
                .client("test-app", List.of("http://localhost/*"))
                .passwordGrantClient("legacy-scanner")
                .protocolMapper("test-app", "device trust", "zt-device-trust-mapper")
                .attribute("acr.loa.map", "{\"mfa\":2,\"phr\":3}")
                .attribute("zt.risk.weight.new-device", "25")
                .attribute("zt.risk.weight.device-threat", "40")
                .attribute("zt.risk.threshold.medium", "35")
                .attribute("zt.risk.threshold.high", "70")
                .attribute("zt.risk.impossible-travel.max-speed-kmh", "900")
                .attribute("zt.risk.unusual-hour.mode", "off")
                .attribute("zt.risk.history.size", "40")
                .attribute("zt.alert.level", "high")
                .attribute("zt.device.min-os.macos", "14.0")
                .attribute("zt.device.require-antivirus", "false")
                .attribute("zt.device.grace-minutes", "30")
                .attribute("zt.device.token.issuer", "https://posture.example.com")
                .attribute("zt.device.token.audience", REALM)
                .attribute("zt.device.token.max-age-seconds", "300")
                .attribute("zt.device.token.device-key-max-age-seconds", "60")
                .attribute("zt.device.mdm.timeout-ms", "1500")
                .attribute("zt.device.mdm.fail-open", "false")
                .attribute("zt.fido.require-attestation", "false")
                .attribute("zt.fido.refuse-compromised", "true")
                .attribute("zt.elevation.request-lapse-hours", "12")
                .attribute("zt.elevation.privileged-roles", "realm:admin")
                .directGrantFlow(Flow.topLevel(DIRECT_GRANT)
                        .required("direct-grant-validate-username")
                        .required("direct-grant-validate-password")
                        .required("zt-block-password-grant", "legacy-auth-off", Map.of("allowed_clients", "legacy-scanner"))
                        .required("zt-risk-assessment", "assess-risk", Map.of("zt.risk.threshold.high", "80"))
                        .conditional(Flow.sub(DIRECT_GRANT + " blocked countries")
                                .required("zt-condition-country", "block-countries",
                                        Map.of("countries", "KP##RU", "match", "in", "unknown_country", "no-match"))
                                .required("zt-deny-access", "deny-blocked-countries", Map.of("message", "country")))
                        .conditional(Flow.sub(DIRECT_GRANT + " hosting networks")
                                .required("zt-condition-network-zone", "watch-hosting",
                                        Map.of("zones", "hosting", "match", "in", "unreadable_address", "match",
                                                "report_only", "true"))
                                .required("zt-deny-access", "deny-hosting", Map.of("message", "network")))
                        .conditional(Flow.sub(DIRECT_GRANT + " high risk")
                                .required("zt-condition-risk-level", "high-risk", Map.of("level", "high", "report_only", "false"))
                                .required("zt-deny-access", "deny-high-risk", Map.of("message", "risk"))))
                .browserFlow(Flow.topLevel(BROWSER)
                        .required(Flow.standardSignIn(BROWSER))
                        .required("zt-risk-assessment", "assess-risk-browser", Map.of())
                        .required("zt-enrolment-guard", "no-enrolment-under-risk", Map.of("level", "medium"))
                        .required("zt-require-mfa", "mfa-for-everyone", Map.of("grace_days", "3", "setup", "otp"))
                        .required("zt-require-strength", "admins need mfa",
                                Map.of("zt.strength.level", "mfa", "zt.strength.minimum-risk", "low",
                                        "zt.strength.report-only", "false"))
                        .conditional(Flow.sub(BROWSER + " contractors")
                                .required("zt-condition-applies-to", "contractors",
                                        Map.of("zt.applies-to.groups", "contractors", "zt.applies-to.report-only", "false"))
                                .required("zt-deny-access", "deny-contractors",
                                        Map.of("message", "generic", "custom_message", "Contractors use the VPN portal.")))
                        .required("zt-device-posture", "check-device",
                                Map.of("sources", "signed-token,registry", "zt.device.require-firewall", "true"))
                        .conditional(Flow.sub(BROWSER + " device not compliant")
                                .required("zt-condition-device-compliant", "device-not-compliant",
                                        Map.of("match", "not-compliant", "report_only", "false"))
                                .required("zt-device-remediation"))
                        .conditional(Flow.sub(BROWSER + " device not managed")
                                .required("zt-condition-device-managed", "device-not-managed",
                                        Map.of("match", "unmanaged", "report_only", "true"))
                                .required("zt-deny-access", "deny-unmanaged", Map.of()))
                        .required("zt-restrict-unmanaged", "restrict-unmanaged",
                                Map.of("minimum", "managed", "refused_clients", "payroll", "refused_scopes", "offline_access"))
                        .required("zt-fido2-policy", "key-policy", Map.of()))
                .group("contractors")
                .build();
        ObjectNode roles = realm.putObject("roles");
        roles.putArray("realm").addObject().put("name", "zt-device-reporter");
        ObjectNode agent = ((ArrayNode) realm.get("clients")).addObject();
        agent.put("clientId", "mdm-agent").put("enabled", true).put("publicClient", false).put("secret", "mdm-agent-secret")
                .put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        return realm;
    }

    /** The restricted-session refresh cap, as a client profile and policy (they live beside the realm). */
    static Map<String, Object> clientProfiles() {
        return Map.of("profiles", List.of(Map.of("name", "restricted-sessions", "executors",
                List.of(Map.of("executor", "zt-restricted-session-refresh",
                        "configuration", Map.of("max-refresh-minutes", "30"))))));
    }

    static Map<String, Object> clientPolicies() {
        return Map.of("policies", List.of(Map.of("name", "restricted-sessions", "enabled", true,
                "conditions", List.of(Map.of("condition", "any-client", "configuration", Map.of())),
                "profiles", List.of("restricted-sessions"))));
    }

    static Map<String, Object> hostingZone() {
        return Map.of("ranges", List.of("198.18.0.0/15", "2001:db8:ffff::/48"), "trusted", false,
                "description", "hosting providers");
    }
}
