package io.github.zerotrust.keycloak.elevation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleRefTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "realm:admin                              | realm:admin",
            "'  realm:admin  '                        | realm:admin",
            "REALM:admin                              | realm:admin",
            "realm:Default Roles                      | realm:Default Roles",
            "client:realm-management:manage-users     | client:realm-management:manage-users",
            "Client:account:manage-account            | client:account:manage-account",
            "client:https://sp.example.com/saml:admin | client:https://sp.example.com/saml:admin",
            "client:urn:app:x:viewer                  | client:urn:app:x:viewer",
            "realm:rôle-über                          | realm:rôle-über",
    })
    void readsTheTextFormAndWritesItBack(String text, String canonical) {
        assertThat(RoleRef.parse(text)).map(RoleRef::toString).contains(canonical);
    }

    @Test
    void aClientIdMayHoldColonsSoTheRoleNameIsAfterTheLast() {
        RoleRef role = RoleRef.of("client:https://sp.example.com/saml:admin");
        assertThat(role.clientId()).contains("https://sp.example.com/saml");
        assertThat(role.name()).isEqualTo("admin");
        assertThat(role.isClientRole()).isTrue();
        assertThat(RoleRef.of("realm:admin").clientId()).isEmpty();
        assertThat(RoleRef.of("realm:admin").isClientRole()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "admin", "realm:", "realm: admin", "realm:admin :x", "realm:a:b", "role:admin",
            "client:", "client:app", "client:app:", "client::admin", "client: app:admin", "client:app: admin",
            "realm:ad\u0000min", "realm:ad\nmin", "realm:ad\u202Emin", "client:ap\tp:admin", "realm:\uD800"})
    void refusesMalformedRoles(String text) {
        assertThat(RoleRef.parse(text)).isEmpty();
        assertThatThrownBy(() -> RoleRef.of(text)).isInstanceOfSatisfying(ElevationException.class,
                e -> assertThat(e.reason()).isEqualTo(Refusal.MALFORMED_ROLE));
    }

    @Test
    void refusesNothing() {
        assertThat(RoleRef.parse(null)).isEmpty();
    }

    @Test
    void namesAreAtMost255Characters() {
        assertThat(RoleRef.parse("realm:" + "a".repeat(255))).isPresent();
        assertThat(RoleRef.parse("realm:" + "a".repeat(256))).isEmpty();
        assertThat(RoleRef.parse("client:" + "c".repeat(255) + ":" + "a".repeat(255))).isPresent();
        assertThat(RoleRef.parse("client:" + "c".repeat(256) + ":admin")).isEmpty();
        assertThat(RoleRef.parse("realm:" + "a".repeat(100_000))).isEmpty();
    }

    @Test
    void constructorsRefuseWhatParseRefuses() {
        assertThatThrownBy(() -> RoleRef.realm("a:b")).isInstanceOf(ElevationException.class);
        assertThatThrownBy(() -> RoleRef.realm(" admin")).isInstanceOf(ElevationException.class);
        assertThatThrownBy(() -> RoleRef.client("", "admin")).isInstanceOf(ElevationException.class);
        assertThatThrownBy(() -> new RoleRef(Optional.empty(), null)).isInstanceOf(ElevationException.class);
    }

    @Test
    void realmAndClientRolesOfTheSameNameDiffer() {
        assertThat(RoleRef.realm("admin")).isNotEqualTo(RoleRef.client("app", "admin"));
        assertThat(RoleRef.client("a", "admin")).isNotEqualTo(RoleRef.client("b", "admin"));
        assertThat(RoleRef.of("REALM:admin")).isEqualTo(RoleRef.realm("admin"));
    }
}
