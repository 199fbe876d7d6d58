package io.github.zerotrust.keycloak.authn.access;

import io.github.zerotrust.keycloak.authn.signin.EventDetails;
import io.github.zerotrust.keycloak.authn.whatif.FlowVerdict;
import java.util.Map;

/**
 * Why a refresh is refused: what was checked (the {@code zt_refresh_check} detail), the reason and rule for the
 * event, the facts it was judged on, and what the app is told: the kind of fact that changed, never the realm's
 * lists or rule settings.
 */
record RefreshRefusal(String check, String reason, String rule, Map<String, String> facts, String description) {

    RefreshRefusal {
        facts = Map.copyOf(facts);
    }

    static RefreshRefusal outsideTheSignInsNetwork(String reason, Map<String, String> facts) {
        return new RefreshRefusal("strict-location", reason, null, facts,
                "Refresh refused: this request comes from outside the network the session signed in from; sign in again");
    }

    static RefreshRefusal byTheRules(FlowVerdict.Denial denial, Map<String, String> facts) {
        String check = checkOf(denial);
        String description = switch (check) {
            case "location" -> "Refresh refused: this request comes from a country the realm blocks ("
                    + facts.get(EventDetails.COUNTRY) + "); sign in again";
            case "network" -> "Refresh refused: this request comes from a network the realm blocks; sign in again";
            case "device" -> "Refresh refused: the session's device no longer meets the realm's device requirements; sign in again";
            case "risk" -> "Refresh refused: the risk of this session is too high now; sign in again";
            default -> "Refresh refused: the realm's rules no longer let this session in; sign in again";
        };
        return new RefreshRefusal(check, denial.reason(), denial.rule(), facts, description);
    }

    /** The kind of fact the refusal rests on, from the conditions it names. */
    private static String checkOf(FlowVerdict.Denial denial) {
        if (denial.restsOn("zt-condition-country")) {
            return "location";
        }
        if (denial.restsOn("zt-condition-network-zone")) {
            return "network";
        }
        if (denial.restsOn("zt-condition-device-compliant") || denial.restsOn("zt-condition-device-managed")) {
            return "device";
        }
        if (denial.restsOn("zt-condition-risk-level")) {
            return "risk";
        }
        return "rules";
    }
}
