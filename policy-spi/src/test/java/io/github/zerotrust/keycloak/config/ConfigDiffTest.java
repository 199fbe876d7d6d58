package io.github.zerotrust.keycloak.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {

    @Test
    void addsChangesAndRemovesPerSectionInKeyOrder() {
        Map<String, Map<String, String>> current = Map.of("settings", Map.of("zt.risk.history.size", "40", "zt.alert.level", "high",
                "zt.fido.require-attestation", "true"));
        Map<String, Map<String, String>> wanted = Map.of("settings", Map.of("zt.risk.history.size", "50", "zt.alert.level", "high",
                "zt.device.grace-minutes", "30"));

        List<ConfigDiff.Section> diff = ConfigDiff.between(current, wanted);

        assertThat(diff).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("settings");
            assertThat(s.added()).containsExactly("zt.device.grace-minutes");
            assertThat(s.changed()).containsExactly(new ConfigDiff.Change("zt.risk.history.size", "40", "50"));
            assertThat(s.removed()).containsExactly("zt.fido.require-attestation");
        });
        assertThat(ConfigDiff.isEmpty(diff)).isFalse();
    }

    @Test
    void aSectionTheDocumentLeavesOutIsNotDiffed() {
        Map<String, Map<String, String>> current = Map.of("zones", Map.of("office", "{}"), "settings", Map.of("zt.alert.level", "high"));
        Map<String, Map<String, String>> wanted = new LinkedHashMap<>();
        wanted.put("settings", Map.of("zt.alert.level", "high"));

        List<ConfigDiff.Section> diff = ConfigDiff.between(current, wanted);

        assertThat(diff).extracting(ConfigDiff.Section::name).containsExactly("settings");
        assertThat(ConfigDiff.isEmpty(diff)).isTrue();
    }

    @Test
    void aNewSectionIsAllAdded() {
        List<ConfigDiff.Section> diff = ConfigDiff.between(Map.of(), Map.of("breakGlass", Map.of("bob", "bob", "alice", "alice")));

        assertThat(diff.get(0).added()).containsExactly("alice", "bob");
        assertThat(diff.get(0).removed()).isEmpty();
    }
}
