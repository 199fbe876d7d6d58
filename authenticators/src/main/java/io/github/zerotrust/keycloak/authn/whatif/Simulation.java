package io.github.zerotrust.keycloak.authn.whatif;

import io.github.zerotrust.keycloak.authn.signin.FlowFacts;
import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.policy.Assurance;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * One What-If walk of one flow for one person, with settings proposed but not stored walked in place of the stored
 * ones: what the lockout guard asks before a change is made. It writes nothing; the walk is What-If's own.
 */
public final class Simulation {

    /**
     * @param denial  the refusal the flow would end in: rule, reason and step
     * @param asks    the Keycloak steps a conditional sub-flow would ask the person to pass (provider ids)
     * @param outcome What-If's outcome of the walk, as {@code /what-if} answers it
     */
    public record Result(Optional<Map<String, Object>> denial, List<String> asks, Map<String, Object> outcome) {
    }

    private Simulation() {
    }

    /**
     * @param directGrant whether the flow runs as the direct-grant flow (else as a browser flow)
     * @param proposed    settings by execution id to walk in place of the stored ones
     */
    @SuppressWarnings("unchecked")
    public static Result walk(KeycloakSession session, RealmModel realm, UserModel user, Optional<ClientModel> client,
                              SignInLocation location, Instant at, AuthenticationFlowModel flow, boolean directGrant,
                              Map<String, Map<String, String>> proposed) {
        Map<String, Integer> levels = client.map(AcrUtils::getAcrLoaMap).orElseGet(() -> AcrUtils.getAcrLoaMap(realm));
        Question question = new Question(user, client, location, at, Optional.empty(), Optional.empty(),
                new Assurance(Assurance.NONE, levels), FlowFacts.scopes(null, client.orElse(null)), Optional.empty());
        FlowWalk walk = new FlowWalk(session, realm, question, directGrant ? FlowWalk.Binding.DIRECT_GRANT : FlowWalk.Binding.BROWSER);
        proposed.forEach(walk::proposing);
        Map<String, Object> answer = walk.walk(flow);
        return new Result(walk.denial(), walk.asks(), (Map<String, Object>) answer.get("outcome"));
    }
}
