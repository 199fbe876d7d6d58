package io.github.zerotrust.keycloak.authn.guest;

import io.github.zerotrust.keycloak.guest.GuestNotice;
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
 * The sponsor's e-mails about a guest, through Keycloak's e-mail templates ({@code zt-guest.ftl} in html and text,
 * messages {@code ztGuestMail*} in every locale, the sponsor's own locale chosen by Keycloak). A realm without SMTP,
 * or a sponsor without an address, gets none; a failure to send is logged and never undoes what it reports.
 */
final class GuestMail {

    private static final Logger LOG = Logger.getLogger(GuestMail.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private GuestMail() {
    }

    /** @return whether a message was handed to the mail server */
    static boolean send(KeycloakSession session, RealmModel realm, UserModel sponsor, UserModel guest, GuestNotice notice, Instant end) {
        if (sponsor == null || sponsor.getEmail() == null || realm.getSmtpConfig() == null || realm.getSmtpConfig().isEmpty()) {
            return false;
        }
        String key = notice == GuestNotice.ENDED ? "ztGuestMailEnded" : "ztGuestMailEndingSoon";
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("ztKey", key);
        attributes.put("ztGuest", guest.getUsername());
        attributes.put("ztTime", WHEN.format(end));
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(sponsor)
                    .send(key + "Subject", List.of(guest.getUsername()), "zt-guest.ftl", attributes);
            return true;
        } catch (EmailException | RuntimeException e) {
            LOG.warnf("Realm %s: could not send the %s e-mail about guest %s to sponsor %s: %s", realm.getName(), key,
                    guest.getId(), sponsor.getId(), e.getMessage());
            return false;
        }
    }
}
