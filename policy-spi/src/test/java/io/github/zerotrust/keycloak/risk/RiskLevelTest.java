package io.github.zerotrust.keycloak.risk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiskLevelTest {

    @Test
    void parsesNamesIgnoringCaseAndSpace() {
        assertThat(RiskLevel.parse("low")).contains(RiskLevel.LOW);
        assertThat(RiskLevel.parse(" Medium ")).contains(RiskLevel.MEDIUM);
        assertThat(RiskLevel.parse("HIGH")).contains(RiskLevel.HIGH);
    }

    @Test
    void anythingElseIsEmpty() {
        assertThat(RiskLevel.parse(null)).isEmpty();
        assertThat(RiskLevel.parse("")).isEmpty();
        assertThat(RiskLevel.parse("critical")).isEmpty();
        assertThat(RiskLevel.parse("2")).isEmpty();
    }

    @Test
    void ordersLowMediumHigh() {
        assertThat(RiskLevel.HIGH.atLeast(RiskLevel.MEDIUM)).isTrue();
        assertThat(RiskLevel.MEDIUM.atLeast(RiskLevel.MEDIUM)).isTrue();
        assertThat(RiskLevel.LOW.atLeast(RiskLevel.MEDIUM)).isFalse();
        assertThat(RiskLevel.LOW.atLeast(RiskLevel.LOW)).isTrue();
    }
}
