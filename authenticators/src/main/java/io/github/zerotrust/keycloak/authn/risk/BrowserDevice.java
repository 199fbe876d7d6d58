package io.github.zerotrust.keycloak.authn.risk;

import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The recognised-browser id, for the device registry: the id in this browser's verified
 * {@code ZT_DEVICE} cookie. The registry checks that the device belongs to the user, so a browser
 * shared by several users (a foreign cookie) still names one device.
 */
public final class BrowserDevice {

    private BrowserDevice() {
    }

    /**
     * The browser's device id; with {@code issue}, a browser without a verified cookie gets one now
     * (bound to {@code user}), so that the device can be enrolled under the id the user's sign-in created.
     */
    public static Optional<String> idOf(KeycloakSession session, RealmModel realm, UserModel user, boolean issue) {
        RecognisedBrowser.Recognition recognition = RecognisedBrowser.read(session, realm, user);
        if (recognition.cookieDevice() != null) {
            return Optional.of(recognition.cookieDevice());
        }
        return issue ? Optional.of(RecognisedBrowser.remember(session, realm, user, recognition)) : Optional.empty();
    }
}
