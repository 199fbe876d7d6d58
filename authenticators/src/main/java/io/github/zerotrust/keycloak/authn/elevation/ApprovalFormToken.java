package io.github.zerotrust.keycloak.authn.elevation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * The approvals form's token: a keyed hash of the approver's session id with the realm's HS512 key, so it is the
 * same on every node, ends with the session, and another site cannot compute it. No key: no token (fail closed).
 */
final class ApprovalFormToken {

    private ApprovalFormToken() {
    }

    static Optional<String> of(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, "HS512");
        if (key == null || key.getSecretKey() == null) {
            return Optional.empty();
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getSecretKey().getEncoded(), "HmacSHA256"));
            byte[] tag = mac.doFinal(("zt-approvals:" + userSession.getId()).getBytes(StandardCharsets.UTF_8));
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(tag));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code given} is the session's token, compared in constant time. */
    static boolean matches(KeycloakSession session, RealmModel realm, UserSessionModel userSession, String given) {
        Optional<String> expected = of(session, realm, userSession);
        return expected.isPresent() && given != null && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
