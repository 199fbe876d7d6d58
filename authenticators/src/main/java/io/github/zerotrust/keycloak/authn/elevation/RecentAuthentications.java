package io.github.zerotrust.keycloak.authn.elevation;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.zerotrust.keycloak.elevation.RecentAuthentication;
import io.github.zerotrust.keycloak.elevation.Strength;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * The strengths a session reached and when, read from Keycloak's own level-of-authentication record
 * ({@code LOA_MAP}: level → time) and named through {@code acr.loa.map}: a level at or above
 * {@code phr}'s is phishing-resistant, at or above {@code mfa}'s is MFA. A realm without those names
 * has no strengths above NONE, so an eligibility asking for step-up fails closed.
 */
final class RecentAuthentications {

    private RecentAuthentications() {
    }

    static List<RecentAuthentication> of(ClientModel client, String... loaMaps) {
        Map<String, Integer> names = client == null ? Map.of() : AcrUtils.getAcrLoaMap(client);
        Integer mfa = names.get(Strength.MFA.id());
        Integer phr = names.get(Strength.PHISHING_RESISTANT.id());
        List<RecentAuthentication> found = new ArrayList<>();
        for (String loaMap : loaMaps) {
            if (loaMap == null || loaMap.isBlank()) {
                continue;
            }
            JsonNode levels;
            try {
                levels = ElevationJson.JSON.readTree(loaMap);
            } catch (IOException e) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = levels.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> level = it.next();
                int number;
                try {
                    number = Integer.parseInt(level.getKey());
                } catch (NumberFormatException e) {
                    continue;
                }
                Strength strength = phr != null && number >= phr ? Strength.PHISHING_RESISTANT
                        : mfa != null && number >= mfa ? Strength.MFA : Strength.NONE;
                found.add(new RecentAuthentication(strength, Instant.ofEpochSecond(level.getValue().asLong())));
            }
        }
        return found;
    }
}
