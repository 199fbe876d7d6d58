package io.github.zerotrust.keycloak.authn.ssf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PushSecretTest {

    @Test
    void aSecretHas256RandomBitsAndIsNeverRepeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = PushSecret.generate();
            assertThat(secret).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void onlyTheBearerOfTheSecretMatches() {
        String secret = PushSecret.generate();
        String hash = PushSecret.sha256(secret);
        assertThat(PushSecret.matches("Bearer " + secret, hash)).isTrue();
        assertThat(PushSecret.matches("bearer " + secret, hash)).isTrue();
        assertThat(PushSecret.matches("Bearer " + secret + "x", hash)).isFalse();
        assertThat(PushSecret.matches(secret, hash)).isFalse();
        assertThat(PushSecret.matches("Basic " + secret, hash)).isFalse();
        assertThat(PushSecret.matches(null, hash)).isFalse();
        assertThat(PushSecret.matches("Bearer ", PushSecret.sha256(""))).as("an empty secret never matches").isFalse();
    }

    @Test
    void theHashIsNotTheSecret() {
        String secret = PushSecret.generate();
        assertThat(PushSecret.sha256(secret)).hasSize(64).doesNotContain(secret);
        assertThat(PushSecret.matches("Bearer " + PushSecret.sha256(secret), PushSecret.sha256(secret))).isFalse();
    }
}
