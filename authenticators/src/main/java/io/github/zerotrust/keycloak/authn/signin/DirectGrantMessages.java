package io.github.zerotrust.keycloak.authn.signin;

import java.util.Map;

/** English texts for OAuth error descriptions, where no theme or locale is at hand. */
final class DirectGrantMessages {

    private static final Map<String, String> TEXTS = Map.of(
            "ztDeniedCountry", "Sign-in from this country is not allowed for your organisation.",
            "ztDeniedNetwork", "Sign-in from this network is not allowed for your organisation.",
            "ztDeniedRisk", "This sign-in looks unusual for your account, so it was refused.",
            "ztEnrolmentRefused", "A new sign-in method cannot be set up during this sign-in.",
            "ztFidoNotAllowed", "This security key or passkey is not allowed by your organisation.",
            "ztMfaGraceOver", "A second sign-in step is required and the time to set one up has passed.",
            "ztDeviceRestricted", "This device is not managed by your organisation, so this access is not available from it.",
            "ztGuestAccessEnded", "Your guest access has ended. Ask your contact in the organisation to extend it.",
            "ztGuestNotSetUp", "Your guest access has not been set up yet. Ask your contact in the organisation to sponsor you.",
            "ztDeniedGeneric", "Sign-in is not allowed by your organisation's access policy.");

    private DirectGrantMessages() {
    }

    static String text(String messageKey) {
        return TEXTS.getOrDefault(messageKey, TEXTS.get("ztDeniedGeneric"));
    }
}
