package io.github.zerotrust.keycloak.authn.elevation;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.ElevationRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * E-mails about elevations, through Keycloak's e-mail templates ({@code zt-elevation.ftl} in html and
 * text, messages {@code ztElevationMail*} in every locale). A realm without SMTP, or a user without an
 * address, gets none; a failure to send is logged and never undoes the step it reports.
 */
final class ElevationMail {

    private static final Logger LOG = Logger.getLogger(ElevationMail.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ElevationMail() {
    }

    /** To each approver the channel was given (the requester is never one of them). */
    static void approvalNeeded(KeycloakSession session, RealmModel realm, UserModel requester, ElevationRequest request,
                               List<UserModel> approvers) {
        for (UserModel approver : approvers) {
            send(session, realm, approver, "ztElevationMailApprovalNeeded", request.ask().role().toString(),
                    requester.getUsername(), request.ask().duration().toMinutes() + " min", request.ask().justification());
        }
    }

    static void answered(KeycloakSession session, RealmModel realm, UserModel requester, ElevationRequest request, boolean approved) {
        send(session, realm, requester, approved ? "ztElevationMailApproved" : "ztElevationMailDenied",
                request.ask().role().toString(), "", "", request.denial().flatMap(ElevationRequest.Answer::comment).orElse(""));
    }

    static void lapsed(KeycloakSession session, RealmModel realm, UserModel requester, ElevationRequest request) {
        send(session, realm, requester, "ztElevationMailLapsed", request.ask().role().toString(), "", "", "");
    }

    static void activated(KeycloakSession session, RealmModel realm, UserModel user, Elevation elevation) {
        send(session, realm, user, "ztElevationMailActivated", elevation.role().toString(), user.getUsername(),
                when(elevation.end()), elevation.justification());
    }

    static void endingSoon(KeycloakSession session, RealmModel realm, UserModel user, Elevation elevation) {
        send(session, realm, user, "ztElevationMailEndingSoon", elevation.role().toString(), user.getUsername(),
                when(elevation.end()), "");
    }

    static void ended(KeycloakSession session, RealmModel realm, UserModel user, Elevation elevation) {
        send(session, realm, user, "ztElevationMailEnded", elevation.role().toString(), user.getUsername(),
                when(elevation.end()), "");
    }

    /** To a privileged user: a new factor was set up on their account. */
    static void newFactor(KeycloakSession session, RealmModel realm, UserModel user, String type, Instant at) {
        send(session, realm, user, "ztElevationMailNewFactor", type, user.getUsername(), when(at), "");
    }

    private static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /** One message: {@code key} names the subject ({@code key + "Subject"}) and the body; arguments {0} role, {1} user, {2} time, {3} text. */
    private static void send(KeycloakSession session, RealmModel realm, UserModel to, String key, String role, String user,
                             String time, String text) {
        if (to == null || to.getEmail() == null || realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("ztKey", key);
        attributes.put("ztRole", role);
        attributes.put("ztUser", user);
        attributes.put("ztTime", time);
        attributes.put("ztText", text);
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(to)
                    .send(key + "Subject", List.of(role), "zt-elevation.ftl", attributes);
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Realm %s: could not send the %s e-mail to user %s: %s", realm.getName(), key, to.getId(), e.getMessage());
        }
    }
}
