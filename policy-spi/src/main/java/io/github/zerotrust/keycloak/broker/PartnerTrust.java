package io.github.zerotrust.keycloak.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.config.ConfigMap;
import io.github.zerotrust.keycloak.device.DeviceTrust;
import io.github.zerotrust.keycloak.json.JsonFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a realm trusts of one identity provider's sign-ins, kept in the provider's own settings (its config map),
 * off by default, as Entra's cross-tenant inbound trust: whether the partner's MFA counts, which upstream
 * {@code acr} and {@code amr} values stand for which realm strength, and whether the partner's word on the device
 * (a {@code device_trust} claim of {@code compliant} or {@code managed}) counts where the realm does not know the
 * device. The realm's own rules always apply; trust only lets an upstream authentication count as the second factor
 * or strength they ask for, and an upstream device standing as the device check's finding.
 *
 * <p>Fail closed: settings that cannot be read whole (a map that is not a JSON object of strings, a strength other
 * than {@code mfa} or {@code phr}) trust nothing, and say so in {@link #problems()}.
 *
 * @param trustMfa whether the provider's MFA may count at all
 * @param acrMap   upstream {@code acr} value → realm strength
 * @param amrMap   upstream {@code amr} value → realm strength
 * @param trustDevice whether the provider's device claim may count at all
 * @param deviceClaim the ID token claim that carries it
 * @param problems what could not be used; non-empty means nothing is trusted
 */
public record PartnerTrust(boolean trustMfa, Map<String, String> acrMap, Map<String, String> amrMap, boolean trustDevice,
                           String deviceClaim, List<String> problems) {

    /** {@code true} to let the provider's MFA count; default {@code false}. */
    public static final String TRUST_MFA = "zt.broker.trust-mfa";
    /** A JSON object: upstream {@code acr} → {@code mfa} or {@code phr}, e.g. {@code {"urn:partner:mfa":"mfa"}}. */
    public static final String ACR_MAP = "zt.broker.acr-map";
    /** A JSON object: upstream {@code amr} value → {@code mfa} or {@code phr}, e.g. {@code {"otp":"mfa","hwk":"phr"}}. */
    public static final String AMR_MAP = "zt.broker.amr-map";
    /** {@code true} to let the provider's device claim count where the realm does not know the device; default {@code false}. */
    public static final String TRUST_DEVICE = "zt.broker.trust-device";
    /** The ID token claim read for it; default {@code device_trust}, the claim this suite's own mapper writes. */
    public static final String DEVICE_CLAIM = "zt.broker.device-claim";
    /** Longest map value read, and most entries in a map: an admin types a handful. */
    public static final int MAX_MAP_LENGTH = 8 * 1024;
    public static final int MAX_ENTRIES = 100;
    public static final int MAX_NAME_LENGTH = 255;

    public static final String MFA = "mfa";
    public static final String PHR = "phr";

    public PartnerTrust {
        acrMap = Map.copyOf(acrMap);
        amrMap = Map.copyOf(amrMap);
        deviceClaim = deviceClaim == null ? DeviceTrust.CLAIM : deviceClaim;
        problems = List.copyOf(problems);
    }

    /** Nothing trusted: the default for every provider. */
    public static PartnerTrust none() {
        return new PartnerTrust(false, Map.of(), Map.of(), false, DeviceTrust.CLAIM, List.of());
    }

    /** Reads a provider's settings; never throws. */
    public static PartnerTrust read(Map<String, String> config) {
        ConfigMap in = ConfigMap.of(config, MAX_MAP_LENGTH);
        boolean trust = in.flag(TRUST_MFA, false);
        Map<String, String> acr = map(in, ACR_MAP);
        Map<String, String> amr = map(in, AMR_MAP);
        boolean trustDevice = in.flag(TRUST_DEVICE, false);
        String claim = in.text(DEVICE_CLAIM).map(String::strip).orElse(DeviceTrust.CLAIM);
        if (!usableName(claim)) {
            in.problem(DEVICE_CLAIM, "an empty, overlong or unprintable claim name");
            claim = DeviceTrust.CLAIM;
        }
        return new PartnerTrust(trust, acr, amr, trustDevice, claim, in.problems());
    }

    /** 0 for anything but the two strengths a partner may be trusted for; phishing-resistant is also MFA. */
    static int rank(String strength) {
        return MFA.equals(strength) ? 1 : PHR.equals(strength) ? 2 : 0;
    }

    /**
     * What the realm makes of a sign-in through {@code provider}.
     *
     * @param token               the ID token Keycloak validated; empty when the provider sent none (or is not OIDC)
     * @param signaturesValidated whether the provider's settings have Keycloak check the ID token's signature: without
     *                            it anyone who can answer the token request writes the claims
     */
    public Upstream judge(String provider, Optional<UpstreamToken> token, boolean signaturesValidated) {
        Optional<String> acr = token.flatMap(UpstreamToken::acr);
        List<String> amr = token.map(UpstreamToken::amr).orElse(List.of());
        Optional<String> refused = refusal(token, signaturesValidated);
        Optional<String> strength = Optional.empty();
        String why;
        if (refused.isPresent()) {
            why = refused.get();
        } else if (!trustMfa) {
            why = "trust of the provider's MFA is off";
        } else {
            Optional<String> byAcr = acr.map(acrMap::get);
            Optional<String> byAmr = amr.stream().map(amrMap::get).filter(s -> s != null).max((a, b) -> rank(a) - rank(b));
            strength = byAcr.isPresent() && (byAmr.isEmpty() || rank(byAcr.get()) >= rank(byAmr.get())) ? byAcr : byAmr;
            if (strength.isEmpty()) {
                why = (acr.isEmpty() ? "no acr" : "acr " + acr.get() + " is not in the map")
                        + (amr.isEmpty() ? ", no amr" : ", no amr value " + amr + " is in the map") + ": nothing trusted";
            } else {
                String best = strength.get();
                why = (strength.equals(byAcr) ? "acr " + acr.get()
                        : "amr " + amr.stream().filter(a -> best.equals(amrMap.get(a))).findFirst().orElse("?"))
                        + " is mapped to " + best;
            }
        }
        Optional<DeviceTrust> device = Optional.empty();
        String deviceWhy;
        Optional<String> claimed = token.flatMap(UpstreamToken::device);
        if (refused.isPresent()) {
            deviceWhy = refused.get();
        } else if (!trustDevice) {
            deviceWhy = "trust of the provider's device claim is off";
        } else if (claimed.isEmpty()) {
            deviceWhy = "no " + deviceClaim + " claim: nothing trusted";
        } else {
            device = DeviceTrust.parse(claimed.get()).filter(t -> t != DeviceTrust.UNMANAGED);
            deviceWhy = deviceClaim + " " + ConfigMap.abbreviated(claimed.get()) + (device.isPresent() ? " is trusted"
                    : " is neither compliant nor managed: nothing trusted");
        }
        return new Upstream(provider, acr, amr, strength, why, device, deviceWhy);
    }

    /** Why nothing of the token can be trusted, whatever the settings say; empty when it can be read. */
    private Optional<String> refusal(Optional<UpstreamToken> token, boolean signaturesValidated) {
        if (!problems.isEmpty()) {
            return Optional.of("trust settings unusable (" + String.join("; ", problems) + "): nothing trusted");
        }
        if (!trustMfa && !trustDevice) {
            return Optional.empty();
        }
        if (!signaturesValidated) {
            return Optional.of("the provider does not validate ID token signatures: nothing trusted");
        }
        if (token.isEmpty()) {
            return Optional.of("no ID token from the provider: nothing trusted");
        }
        return Optional.empty();
    }

    /** A map key or claim name: 1 to {@value #MAX_NAME_LENGTH} characters, not blank, none of them a control character. */
    private static boolean usableName(String name) {
        return !name.isBlank() && name.length() <= MAX_NAME_LENGTH && name.chars().noneMatch(Character::isISOControl);
    }

    private static Map<String, String> map(ConfigMap in, String key) {
        Optional<String> text = in.text(key);
        if (text.isEmpty()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = JsonFormat.strict().readTree(text.get());
        } catch (JsonProcessingException e) {
            in.problem(key, "not JSON");
            return Map.of();
        }
        if (node == null || !node.isObject()) {
            in.problem(key, "not a JSON object");
            return Map.of();
        }
        if (node.size() > MAX_ENTRIES) {
            in.problem(key, "more than " + MAX_ENTRIES + " entries");
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (!usableName(name)) {
                in.problem(key, "an empty, overlong or unprintable name");
                return Map.of();
            }
            if (!field.getValue().isTextual() || rank(field.getValue().asText()) == 0) {
                in.problem(key, "'" + ConfigMap.abbreviated(name) + "' maps to something other than \"mfa\" or \"phr\"");
                return Map.of();
            }
            map.put(name, field.getValue().asText());
        }
        return map;
    }
}
