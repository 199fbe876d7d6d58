package io.github.zerotrust.keycloak.authn.whatif;

import io.github.zerotrust.keycloak.authn.signin.SignInLocation;
import io.github.zerotrust.keycloak.broker.Upstream;
import io.github.zerotrust.keycloak.policy.Assurance;
import io.github.zerotrust.keycloak.policy.DeviceFinding;
import io.github.zerotrust.keycloak.risk.Assessment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;

/**
 * A What-If question, checked: the user and app as the realm has them, where and when, the device (its
 * registry id, or a standing given instead), and what the app asks for.
 *
 * @param device     the recognised-browser id the registry knows the device by; empty for a browser never seen
 * @param compliance the device's standing given in the question instead of the registry's
 * @param assessment the risk assessment given instead of scoring one (a refresh that does not re-check risk keeps
 *                   its sign-in's)
 * @param upstream   for a sign-in through an identity provider: which, and what the realm trusts of it
 */
record Question(UserModel user, Optional<ClientModel> client, SignInLocation location, Instant at, Optional<String> device,
                Optional<DeviceFinding> compliance, Assurance assurance, List<String> scopes, Optional<Assessment> assessment,
                Optional<Upstream> upstream) {

    Question(UserModel user, Optional<ClientModel> client, SignInLocation location, Instant at, Optional<String> device,
             Optional<DeviceFinding> compliance, Assurance assurance, List<String> scopes, Optional<Assessment> assessment) {
        this(user, client, location, at, device, compliance, assurance, scopes, assessment, Optional.empty());
    }
}
