package io.github.zerotrust.keycloak.elevation;

import static io.github.zerotrust.keycloak.elevation.Fixtures.ALICE;
import static io.github.zerotrust.keycloak.elevation.Fixtures.ELIGIBILITY_ID;
import static io.github.zerotrust.keycloak.elevation.Fixtures.MANAGE_USERS;
import static io.github.zerotrust.keycloak.elevation.Fixtures.NOW;
import static io.github.zerotrust.keycloak.elevation.Fixtures.REALM_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenLifetimeTest {

    private static final Instant TOKEN_EXP = NOW.plus(Duration.ofMinutes(5));
    private static final RoleRef VIEW_USERS = RoleRef.client("realm-management", "view-users");

    private static Elevation elevation(RoleRef role, Instant start, Instant end, Elevation.Status status) {
        return new Elevation(RecordId.random(), ELIGIBILITY_ID, ALICE, role, start, end, List.of(), Optional.empty(),
                "why", Optional.empty(), status, false);
    }

    private static Elevation active(RoleRef role, Duration left) {
        return elevation(role, NOW.minus(Duration.ofMinutes(10)), NOW.plus(left), Elevation.Status.ACTIVE);
    }

    @Test
    void capsATokenAtTheEndOfItsElevation() {
        Elevation admin = active(REALM_ADMIN, Duration.ofMinutes(2));
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(admin), Set.of(REALM_ADMIN), NOW)).isEqualTo(admin.end());
    }

    @Test
    void neverLengthensAToken() {
        Elevation admin = active(REALM_ADMIN, Duration.ofHours(1));
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(admin), Set.of(REALM_ADMIN), NOW)).isEqualTo(TOKEN_EXP);
    }

    @Test
    void theEarliestEndingRoleInTheTokenWins() {
        Elevation admin = active(REALM_ADMIN, Duration.ofMinutes(4));
        Elevation manage = active(MANAGE_USERS, Duration.ofMinutes(3));
        Elevation view = active(VIEW_USERS, Duration.ofMinutes(1));
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(admin, manage, view), Set.of(REALM_ADMIN, MANAGE_USERS), NOW))
                .as("view-users is not in this token").isEqualTo(manage.end());
    }

    @Test
    void ignoresElevationsOfRolesNotInTheToken() {
        Elevation admin = active(REALM_ADMIN, Duration.ofMinutes(1));
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(admin), Set.of(MANAGE_USERS), NOW)).isEqualTo(TOKEN_EXP);
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(), Set.of(REALM_ADMIN), NOW)).isEqualTo(TOKEN_EXP);
    }

    @Test
    void aRoleHeldThroughSeveralElevationsEndsWithTheLatest() {
        Elevation due = elevation(REALM_ADMIN, NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(2), Elevation.Status.ACTIVE);
        Elevation renewed = active(REALM_ADMIN, Duration.ofMinutes(3));
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(due, renewed), Set.of(REALM_ADMIN), NOW)).isEqualTo(renewed.end());
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(renewed, due), Set.of(REALM_ADMIN), NOW)).isEqualTo(renewed.end());
    }

    @Test
    void anElevationPastItsEndThatStillHoldsTheRoleGivesAnExpiredToken() {
        Elevation due = elevation(REALM_ADMIN, NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(2), Elevation.Status.ACTIVE);
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(due), Set.of(REALM_ADMIN), NOW)).isEqualTo(NOW.minusSeconds(2));
    }

    @Test
    void ignoresClosedAndNotYetStartedElevations() {
        Elevation expired = elevation(REALM_ADMIN, NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)),
                Elevation.Status.EXPIRED);
        Elevation deactivated = elevation(REALM_ADMIN, NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(60),
                Elevation.Status.DEACTIVATED);
        Elevation future = elevation(REALM_ADMIN, NOW.plusSeconds(1), NOW.plusSeconds(60), Elevation.Status.ACTIVE);
        assertThat(TokenLifetime.cap(TOKEN_EXP, List.of(expired, deactivated, future), Set.of(REALM_ADMIN), NOW))
                .isEqualTo(TOKEN_EXP);
    }

    @Test
    void theEpochSecondOfTheCapNeverOutlivesTheElevation() {
        Elevation admin = elevation(REALM_ADMIN, NOW, NOW.plusMillis(90_500), Elevation.Status.ACTIVE);
        Instant capped = TokenLifetime.cap(TOKEN_EXP, List.of(admin), Set.of(REALM_ADMIN), NOW);
        assertThat(capped.getEpochSecond()).isEqualTo(NOW.getEpochSecond() + 90);
    }
}
