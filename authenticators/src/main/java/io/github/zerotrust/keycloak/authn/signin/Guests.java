package io.github.zerotrust.keycloak.authn.signin;

import io.github.zerotrust.keycloak.guest.Guest;
import io.github.zerotrust.keycloak.guest.GuestSettings;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Who is a guest in a realm, and their record: a member of the guests group ({@code zt.guests.group}, sub-groups
 * included), or a user linked to an identity provider whose config says {@code zt.partner=true}. The record is two
 * user attributes written only by the guests admin API (authn/guest); it counts only while Keycloak's user profile keeps both
 * read-only for the user himself (asked in the account context, whatever the realm's unmanaged-attribute policy).
 */
public final class Guests {

    /** The sponsor's user id. */
    public static final String SPONSOR = "zt.guest.sponsor";
    /** The end of access, ISO-8601 UTC. */
    public static final String ENDS_AT = "zt.guest.ends-at";
    /** The end date (epoch seconds) the ending-soon notice was sent for. */
    public static final String ENDING_SOON_SENT = "zt.guest.ending-soon-sent";
    /** The end date (epoch seconds) access was ended, and the sponsor told, for. */
    public static final String ENDED_SENT = "zt.guest.ended-sent";
    /** The most guests a realm's list, survey or expiry turn looks at. */
    public static final int MAX_GUESTS = 10_000;

    private Guests() {
    }

    /** Whether {@code user} is a guest of {@code realm}, with their record. */
    public static Optional<Guest> of(KeycloakSession session, RealmModel realm, UserModel user) {
        GuestSettings settings = GuestSettings.parse(realm.getAttributes());
        return source(session, realm, user, settings).map(source -> new Guest(source,
                Optional.ofNullable(user.getFirstAttribute(SPONSOR)), endsAt(user), protectedRecord(session, user)));
    }

    public static Optional<Guest.Source> source(KeycloakSession session, RealmModel realm, UserModel user, GuestSettings settings) {
        if (inGroup(user, settings.group())) {
            return Optional.of(Guest.Source.GROUP);
        }
        if (!mayHaveIdentityProviders(session, realm)) {
            return Optional.empty();
        }
        boolean partner = session.users().getFederatedIdentitiesStream(realm, user)
                .map(link -> session.identityProviders().getByAlias(link.getIdentityProvider()))
                .anyMatch(idp -> idp != null && GuestSettings.isPartner(idp.getConfig()));
        return partner ? Optional.of(Guest.Source.PARTNER) : Optional.empty();
    }

    /**
     * False only when the realm has no identity provider at all, which Keycloak's realm cache answers: a realm without
     * brokering has no partner users, and their links need not be read (nor held in the user cache) at every request.
     * Keycloak answers for the realm of the request, so another realm is always looked at.
     */
    private static boolean mayHaveIdentityProviders(KeycloakSession session, RealmModel realm) {
        RealmModel current = session.getContext().getRealm();
        return current == null || !current.getId().equals(realm.getId()) || session.identityProviders().count() > 0;
    }

    /**
     * Whether one of the user's groups is the group at {@code path} or below it: the user's groups and their parents
     * come from Keycloak's caches, where finding the group by its path would search the realm's groups at every
     * sign-in step that asks who the user is.
     */
    static boolean inGroup(UserModel user, String path) {
        String wanted;
        try {
            wanted = KeycloakModelUtils.normalizeGroupPath(path);
        } catch (RuntimeException unreadablePath) {
            return false;
        }
        if (wanted == null || wanted.isBlank()) {
            return false;
        }
        return user.getGroupsStream().anyMatch(group -> {
            for (GroupModel g = group; g != null; g = g.getParent()) {
                if (wanted.equals(KeycloakModelUtils.buildGroupPath(g))) {
                    return true;
                }
            }
            return false;
        });
    }

    private static GroupModel guestsGroup(KeycloakSession session, RealmModel realm, GuestSettings settings) {
        try {
            return KeycloakModelUtils.findGroupByPath(session, realm, settings.group());
        } catch (RuntimeException unreadablePath) {
            return null;
        }
    }

    /** The realm's guests, at most {@link #MAX_GUESTS}: the group's members (sub-groups included) and partner users. */
    public static Set<UserModel> all(KeycloakSession session, RealmModel realm) {
        GuestSettings settings = GuestSettings.parse(realm.getAttributes());
        Set<UserModel> guests = new LinkedHashSet<>();
        GroupModel group = guestsGroup(session, realm, settings);
        if (group != null) {
            withSubGroups(group).forEach(g -> session.users().getGroupMembersStream(realm, g, 0, MAX_GUESTS).forEach(guests::add));
        }
        session.identityProviders().getAllStream().filter(idp -> GuestSettings.isPartner(idp.getConfig()))
                .map(IdentityProviderModel::getAlias).forEach(alias -> session.users()
                        .searchForUserStream(realm, java.util.Map.of(UserModel.IDP_ALIAS, alias), 0, MAX_GUESTS)
                        .forEach(guests::add));
        return guests.stream().limit(MAX_GUESTS).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    private static Stream<GroupModel> withSubGroups(GroupModel group) {
        return Stream.concat(Stream.of(group), group.getSubGroupsStream().flatMap(Guests::withSubGroups));
    }

    public static Optional<Instant> endsAt(UserModel user) {
        return instant(user.getFirstAttribute(ENDS_AT));
    }

    public static Optional<Instant> instant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            // An unreadable end counts as none: the guest is refused until an admin sets one.
            return Optional.empty();
        }
    }

    /** Whether Keycloak's user profile keeps the record read-only for the user (account console, account REST API). */
    public static boolean protectedRecord(KeycloakSession session, UserModel user) {
        try {
            Attributes attributes = session.getProvider(UserProfileProvider.class).create(UserProfileContext.ACCOUNT, user)
                    .getAttributes();
            return attributes.isReadOnly(SPONSOR) && attributes.isReadOnly(ENDS_AT);
        } catch (RuntimeException e) {
            // Cannot tell: the record is not trusted (fail closed).
            return false;
        }
    }
}
