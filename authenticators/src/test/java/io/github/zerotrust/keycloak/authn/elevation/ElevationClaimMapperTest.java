package io.github.zerotrust.keycloak.authn.elevation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.elevation.Elevation;
import io.github.zerotrust.keycloak.elevation.RecordId;
import io.github.zerotrust.keycloak.elevation.RoleRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.representations.AccessToken;

/**
 * The mapper's arithmetic under Keycloak's time offset (what Keycloak's own tests and the admin "time offset" set):
 * tokens get {@code iat} and {@code exp} from Keycloak's time, elevations start and end by it, so the mapper's
 * "now" must be Keycloak's too. With the system clock, both tests below fail.
 */
class ElevationClaimMapperTest {

    private static final Duration OFFSET = Duration.ofDays(1);
    private final ElevationClaimMapper mapper = new ElevationClaimMapper();

    @AfterEach
    void noOffset() {
        Time.setOffset(0);
    }

    /** A token as Keycloak issues it now: iat and exp by Keycloak's time, five minutes long, with ops-admin. */
    private static AccessToken token(Instant now) {
        AccessToken token = new AccessToken();
        token.iat(now.getEpochSecond());
        token.exp(now.plusSeconds(300).getEpochSecond());
        token.setRealmAccess(new AccessToken.Access().addRole("ops-admin").addRole("user"));
        return token;
    }

    private static Elevation opsAdmin(Instant start, Instant end) {
        return new Elevation(RecordId.random(), RecordId.random(), "user-1", RoleRef.realm("ops-admin"), start, end,
                List.of(), Optional.empty(), "incident", Optional.empty(), Elevation.Status.ACTIVE, false);
    }

    @Test
    void underATimeOffsetALiveElevationKeepsItsRoleAndTheTokenEndsWithIt() {
        Time.setOffset((int) OFFSET.toSeconds());
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        AccessToken token = token(now);
        Elevation live = opsAdmin(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofMinutes(2)));

        mapper.limit(token, List.of(live));

        assertThat(token.getRealmAccess().getRoles()).contains("ops-admin", "user");
        assertThat(token.getExp()).isEqualTo(live.end().getEpochSecond());
        assertThat(mapper.claim(List.of(live))).containsExactly(Map.of("role", "realm:ops-admin",
                "ends_at", live.end().getEpochSecond()));
    }

    @Test
    void underATimeOffsetAnElevationPastItsEndLosesItsRoleAndLeavesTheTokenAlone() {
        Time.setOffset((int) OFFSET.toSeconds());
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        AccessToken token = token(now);
        // Ended a minute ago by Keycloak's time; the expiry task has not reached it yet.
        Elevation ended = opsAdmin(now.minus(Duration.ofDays(2)), now.minus(Duration.ofMinutes(1)));

        mapper.limit(token, List.of(ended));

        assertThat(token.getRealmAccess().getRoles()).containsExactly("user");
        assertThat(token.getExp()).isEqualTo(now.plusSeconds(300).getEpochSecond());
        assertThat(mapper.claim(List.of(ended))).isEmpty();
    }
}
