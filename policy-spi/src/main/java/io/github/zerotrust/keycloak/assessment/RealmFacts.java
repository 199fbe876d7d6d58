package io.github.zerotrust.keycloak.assessment;

import io.github.zerotrust.keycloak.breakglass.EmergencyAccess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the shell read from the realm, as plain facts: the only input of the assessment, so every check is a pure
 * function of it. People are counted by paging through the realm with a bound: {@code people.looked} may be fewer
 * than {@code people.total}, and the evidence says so.
 *
 * @param people                 the realm's users (service accounts left out) and how many have a second factor
 * @param admins                 users with an admin role (a role of realm-management; in master also {@code admin})
 * @param adminsWithoutSecondFactor  those of them with no OTP, security key or passkey
 * @param privileged             admins, holders of a privileged role and users eligible for one
 * @param privilegedWithoutPhishingResistant  those of them with no security key or passkey
 * @param standing               per privileged role ({@code realm-admin} and {@code zt.elevation.privileged-roles}),
 *                               who holds it outside just-in-time access
 * @param eligibilities          just-in-time eligibilities of the realm
 * @param passwordGrants         enabled clients that allow the password grant, each with its uses in the last
 *                               {@link #USAGE_WINDOW} (empty when events are not saved)
 * @param loginEventsSaved       whether the realm saves {@code LOGIN} events (without them usage is not known)
 * @param bruteForceProtected    Keycloak's brute-force detection
 * @param bruteForceFailures     the failures it allows before locking
 * @param minimumPasswordLength  the password policy's {@code length}, 0 when there is none
 * @param browserFlowSteps       provider ids of the enabled steps of the bound browser flow (at any depth)
 * @param refreshPolicy          the enabled client policy that runs {@code zt-continuous-access}, if any
 * @param refreshExecutorUnused  whether a client profile has that executor but no enabled policy uses it
 * @param eventsSaved            user events saved
 * @param adminEventsSaved       admin events saved
 * @param ssoSessionMax          SSO session max lifespan ({@link Duration#ZERO}: none set)
 * @param ssoSessionIdle         SSO session idle timeout ({@link Duration#ZERO}: none set)
 * @param breakGlass             the realm's marked break-glass accounts, as found
 * @param guests                 the realm's guests, and those without a sponsor or an end date
 */
public record RealmFacts(
        People people,
        int admins,
        Accounts adminsWithoutSecondFactor,
        int privileged,
        Accounts privilegedWithoutPhishingResistant,
        Map<String, Accounts> standing,
        int eligibilities,
        List<PasswordGrantClient> passwordGrants,
        boolean loginEventsSaved,
        boolean bruteForceProtected,
        int bruteForceFailures,
        int minimumPasswordLength,
        Set<String> browserFlowSteps,
        Optional<String> refreshPolicy,
        boolean refreshExecutorUnused,
        boolean eventsSaved,
        boolean adminEventsSaved,
        Duration ssoSessionMax,
        Duration ssoSessionIdle,
        EmergencyAccess breakGlass,
        Guests guests) {

    /** How far back password-grant usage is counted. */
    public static final Duration USAGE_WINDOW = Duration.ofDays(7);

    public RealmFacts {
        standing = Map.copyOf(standing);
        passwordGrants = List.copyOf(passwordGrants);
        browserFlowSteps = Set.copyOf(browserFlowSteps);
        breakGlass = breakGlass == null ? new EmergencyAccess(List.of()) : breakGlass;
        guests = guests == null ? Guests.NONE : guests;
    }

    /**
     * @param count          guests found (members of the guests group, users of a partner's identity provider)
     * @param withoutSponsor those with no sponsor recorded
     * @param withoutEnd     those with no end date recorded
     */
    public record Guests(int count, Accounts withoutSponsor, Accounts withoutEnd) {

        public static final Guests NONE = new Guests(0, Accounts.NONE, Accounts.NONE);

        public Guests {
            if (count < 0 || withoutSponsor.count() > count || withoutEnd.count() > count) {
                throw new IllegalArgumentException("inconsistent guest counts");
            }
        }
    }

    /**
     * @param total            users in the realm
     * @param looked           users looked at (fewer than {@code total} when the bound was reached)
     * @param withSecondFactor of those looked at, users with an OTP, security key or passkey
     */
    public record People(int total, int looked, int withSecondFactor) {

        public People {
            if (looked < 0 || withSecondFactor < 0 || withSecondFactor > looked) {
                throw new IllegalArgumentException("inconsistent user counts");
            }
        }

        boolean capped() {
            return looked < total;
        }

        /** " (the first 10000 of 12345 users were looked at)" when capped, else nothing. */
        String cap() {
            return capped() ? " (the first " + looked + " of " + total + " users were looked at)" : "";
        }
    }

    /**
     * @param clientId a client that allows the password grant
     * @param uses     password-grant sign-ins in the usage window; empty when not known
     * @param atLeast  the count reached the bound: there were at least {@code uses}
     */
    public record PasswordGrantClient(String clientId, OptionalInt uses, boolean atLeast) {
    }
}
