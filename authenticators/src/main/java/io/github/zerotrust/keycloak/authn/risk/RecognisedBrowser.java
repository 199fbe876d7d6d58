package io.github.zerotrust.keycloak.authn.risk;

import io.github.zerotrust.keycloak.spi.KeycloakClock;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * The recognised-browser id: a long-lived, signed, HttpOnly cookie that names a browser, bound to
 * each user on their first fully successful sign-in in it. A cookie that does not verify (tampered,
 * another realm's, expired key) or that was never bound to this user counts as a new device.
 * It is the base a managed-device identity will build on: the id is the device's, not the user's.
 */
final class RecognisedBrowser {

    static final String COOKIE = "ZT_DEVICE";
    static final Duration LIFETIME = Duration.ofDays(400);
    // A browser shared by a family or a front desk: remember a few users, forget the oldest.
    private static final int MAX_USERS = 5;
    private static final int MAX_COOKIE_LENGTH = 2048;
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    enum Status {
        /** No cookie: a browser we have not seen. */
        NONE,
        /** The cookie verifies and this user has signed in with it before. */
        RECOGNISED,
        /** The cookie verifies but belongs to other users of this browser. */
        FOREIGN,
        /** The cookie is there but does not verify. */
        TAMPERED
    }

    /**
     * @param status       how the browser was recognised
     * @param deviceId     the device id counted for this user's risk: only when RECOGNISED
     * @param cookieDevice the id in a verified cookie, kept when the user is bound to it
     * @param users        the users the verified cookie is bound to
     */
    record Recognition(Status status, String deviceId, String cookieDevice, List<String> users) {
        static Recognition none(Status status) {
            return new Recognition(status, null, null, List.of());
        }
    }

    private RecognisedBrowser() {
    }

    static Recognition read(KeycloakSession session, RealmModel realm, UserModel user) {
        Cookie cookie = session.getContext().getRequestHeaders().getCookies().get(COOKIE);
        return recognise(cookie == null ? null : cookie.getValue(),
                value -> session.tokens().decode(value, RecognisedBrowserToken.class), userBinding(realm, user));
    }

    /**
     * Keycloak-free: what a cookie value says about the user bound as {@code bound}. {@code verified} is Keycloak's
     * token manager in the server (null for a value that does not verify); the fuzz target gives it any content.
     */
    static Recognition recognise(String value, Function<String, RecognisedBrowserToken> verified, String bound) {
        if (value == null || value.isBlank()) {
            return Recognition.none(Status.NONE);
        }
        if (value.length() > MAX_COOKIE_LENGTH) {
            return Recognition.none(Status.TAMPERED);
        }
        RecognisedBrowserToken token = verified.apply(value);
        // Any Keycloak-signed JWT verifies; only our own type with a well-formed id is ours.
        if (token == null || !RecognisedBrowserToken.TYPE.equals(token.type())
                || token.deviceId() == null || !DEVICE_ID.matcher(token.deviceId()).matches()) {
            return Recognition.none(Status.TAMPERED);
        }
        Status status = token.users().contains(bound) ? Status.RECOGNISED : Status.FOREIGN;
        return new Recognition(status, status == Status.RECOGNISED ? token.deviceId() : null, token.deviceId(), token.users());
    }

    /** After a fully successful sign-in: bind the browser to the user, issuing a cookie if needed; returns the device id. */
    static String remember(KeycloakSession session, RealmModel realm, UserModel user, Recognition previous) {
        String deviceId = previous.cookieDevice() != null ? previous.cookieDevice() : newDeviceId();
        List<String> users = new ArrayList<>(previous.users());
        String bound = userBinding(realm, user);
        users.remove(bound);
        users.add(bound);
        while (users.size() > MAX_USERS) {
            users.remove(0);
        }
        String value = session.tokens().encode(new RecognisedBrowserToken(deviceId, users, KeycloakClock.get().instant().getEpochSecond()));
        boolean secure = "https".equalsIgnoreCase(session.getContext().getUri().getRequestUri().getScheme());
        session.getContext().getHttpResponse().setCookieIfAbsent(new NewCookie.Builder(COOKIE)
                .value(value)
                .path("/realms/" + realm.getName() + "/")
                .maxAge((int) LIFETIME.toSeconds())
                .httpOnly(true)
                .secure(secure)
                // Lax: sent on the top-level navigation that brings a user to the sign-in page.
                .sameSite(NewCookie.SameSite.LAX)
                .build());
        return deviceId;
    }

    static String newDeviceId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Users are named by a hash, so the cookie does not carry their ids in the clear. */
    private static String userBinding(RealmModel realm, UserModel user) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((realm.getId() + "/" + user.getId()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
