package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.SessionProof;
import java.util.Objects;
import java.util.Optional;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;

/**
 * Who asks or answers, and what their token or session proves.
 *
 * @param impersonator the admin behind an impersonated session, for the events
 */
record Caller(UserModel user, SessionProof proof, Optional<String> impersonator) {

    Caller {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(impersonator, "impersonator");
    }

    /** A REST call with the user's bearer token. */
    static Caller ofToken(RealmModel realm, UserModel user, UserSessionModel session, AccessToken token, ClientModel client) {
        return new Caller(user, CallerProofs.ofToken(realm, user, session, token, client), CallerProofs.impersonator(session));
    }

    /** A browser session, with Keycloak's level records of this sign-in and of the session. */
    static Caller ofSession(RealmModel realm, UserModel user, UserSessionModel session, String... loaMaps) {
        return new Caller(user, CallerProofs.ofSession(realm, user, session, loaMaps), CallerProofs.impersonator(session));
    }
}
