package io.github.zerotrust.keycloak.authn.whatif;

import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.policy.Assurance;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;

/**
 * Whether the realm's rules would let a request in now: the flow a session signed in through, walked as What-If
 * walks it, with the request's facts. The refresh re-evaluation asks it, so a refresh is judged by the very rules
 * (and the same step kinds) a sign-in and What-If are.
 */
public final class FlowVerdict {

    /**
     * A refusal the flow ends in.
     *
     * @param rule      the rule(s) the refusal names, as the sign-in's event would
     * @param reason    why, for the event
     * @param providers the step providers the refusal rests on (the matched conditions, then the refusing step)
     */
    public record Denial(String rule, String reason, List<String> providers) {

        public boolean restsOn(String provider) {
            return providers.contains(provider);
        }
    }

    /**
     * The facts of one request.
     *
     * @param device     the registry id of the session's device, if it had one
     * @param standing   the device's standing to take instead of the registry's (a refresh that does not re-check it)
     * @param assessment the risk to take instead of scoring it again
     * @param scopes     the scopes the tokens carry
     * @param upstream   a brokered session's provider and what its sign-in was trusted for
     */
    public record Request(UserModel user, ClientModel client, SignInLocation location, Instant at, Optional<String> device,
                          Optional<DeviceFinding> standing, Optional<Assessment> assessment, List<String> scopes,
                          Optional<Upstream> upstream) {
    }

    private FlowVerdict() {
    }

    /**
     * @param flowId the top-level flow the session signed in through; empty (or gone) for the client's browser flow
     * @return the refusal, empty when the request would be let in (allowed, stepped up or restricted)
     */
    public static Optional<Denial> denial(KeycloakSession session, RealmModel realm, Request request, Optional<String> flowId) {
        ClientModel client = request.client();
        AuthenticationFlowModel browser = bound(realm, client, AuthenticationFlowBindings.BROWSER_BINDING, realm.getBrowserFlow());
        AuthenticationFlowModel directGrant = bound(realm, client, AuthenticationFlowBindings.DIRECT_GRANT_BINDING,
                realm.getDirectGrantFlow());
        AuthenticationFlowModel flow = flowId.map(realm::getAuthenticationFlowById).filter(AuthenticationFlowModel::isTopLevel)
                .orElse(browser);
        if (flow == null) {
            return Optional.empty();
        }
        boolean grant = directGrant != null && directGrant.getId().equals(flow.getId());
        Map<String, Integer> levels = client == null ? AcrUtils.getAcrLoaMap(realm) : AcrUtils.getAcrLoaMap(client);
        Question question = new Question(request.user(), Optional.ofNullable(client), request.location(), request.at(),
                request.device(), request.standing(), new Assurance(Assurance.NONE, levels), request.scopes(),
                request.assessment(), request.upstream());
        FlowWalk walk = new FlowWalk(session, realm, question, grant ? FlowWalk.Binding.DIRECT_GRANT
                : request.upstream().isPresent() ? FlowWalk.Binding.POST_BROKER_LOGIN : FlowWalk.Binding.BROWSER);
        walk.walk(flow);
        return walk.denial().map(d -> new Denial(String.valueOf(d.get("rule")), String.valueOf(d.get("reason")),
                walk.deniedProviders()));
    }

    private static AuthenticationFlowModel bound(RealmModel realm, ClientModel client, String binding, AuthenticationFlowModel realmFlow) {
        String override = client == null ? null : client.getAuthenticationFlowBindingOverride(binding);
        AuthenticationFlowModel flow = override == null ? null : realm.getAuthenticationFlowById(override);
        return flow != null ? flow : realmFlow;
    }
}
