package io.github.zerotrust.keycloak.guest;

import io.github.zerotrust.keycloak.config.ConfigMap;
import java.util.Map;

/**
 * The realm's guest settings, read from its attributes once per use; numbers out of range are clamped.
 *
 * @param group      the path of the guests group ({@code zt.guests.group}, default {@value #DEFAULT_GROUP})
 * @param maxDays    how far ahead an end date may be set ({@code zt.guests.max-days}, default 180, 1 to 3650)
 * @param noticeDays how many days before the end the sponsor is told ({@code zt.guests.notice-days}, default 7,
 *                   0 to 90; 0: no notice before, only after)
 */
public record GuestSettings(String group, int maxDays, int noticeDays) {

    public static final String GROUP = "zt.guests.group";
    public static final String MAX_DAYS = "zt.guests.max-days";
    public static final String NOTICE_DAYS = "zt.guests.notice-days";
    /** The identity provider config key that marks a partner's provider: its users are guests. */
    public static final String PARTNER = "zt.partner";

    public static final String DEFAULT_GROUP = "/guests";
    public static final int DEFAULT_MAX_DAYS = 180;
    public static final int DEFAULT_NOTICE_DAYS = 7;
    static final int MAX_MAX_DAYS = 3650;
    static final int MAX_NOTICE_DAYS = 90;

    public GuestSettings {
        group = group == null || group.isBlank() ? DEFAULT_GROUP : group.strip();
        if (!group.startsWith("/")) {
            group = "/" + group;
        }
    }

    public static GuestSettings parse(Map<String, String> realmAttributes) {
        ConfigMap in = ConfigMap.of(realmAttributes);
        return new GuestSettings(in.text(GROUP, DEFAULT_GROUP), in.number(MAX_DAYS, DEFAULT_MAX_DAYS, 1, MAX_MAX_DAYS),
                in.number(NOTICE_DAYS, DEFAULT_NOTICE_DAYS, 0, MAX_NOTICE_DAYS));
    }

    /** Whether an identity provider's config marks it as a partner's. */
    public static boolean isPartner(Map<String, String> identityProviderConfig) {
        return identityProviderConfig != null && "true".equalsIgnoreCase(String.valueOf(identityProviderConfig.get(PARTNER)).strip());
    }
}
