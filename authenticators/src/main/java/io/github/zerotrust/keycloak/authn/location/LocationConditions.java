package io.github.zerotrust.keycloak.authn.location;

import org.keycloak.authentication.AuthenticationFlowContext;

/** What the location conditions share: where the sign-in is from, written into the event. */
final class LocationConditions {

    private LocationConditions() {
    }

    static SignInLocation locate(AuthenticationFlowContext context) {
        SignInLocation location = SignInLocation.of(context.getSession(), context.getRealm(), context.getConnection());
        location.describe(context.getAuthenticationSession(), context.getEvent());
        return location;
    }
}
