package io.github.zerotrust.keycloak.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmergencyAccessTest {

    private static EmergencyAccount account(String name, boolean enabled, boolean federated, Set<String> types, boolean admin) {
        return new EmergencyAccount("id-" + name, Optional.of(name), true, enabled, federated, types, admin);
    }

    private static EmergencyAccount ready(String name) {
        return account(name, true, false, Set.of("password", "webauthn-passwordless"), true);
    }

    @Test
    void aReadyAdminAccountHasNoWarnings() {
        assertThat(ready("glass-1").warnings()).isEmpty();
        assertThat(ready("glass-1").ready()).isTrue();
    }

    @Test
    void eachProblemIsNamedWorstFirst() {
        EmergencyAccount poor = account("poor", false, true, Set.of("password", "otp"), false);
        assertThat(poor.warnings()).containsExactly(EmergencyAccount.DISABLED, EmergencyAccount.FEDERATED,
                EmergencyAccount.NO_PHISHING_RESISTANT, EmergencyAccount.NO_ADMIN_ROLE);
        assertThat(poor.ready()).isFalse();
    }

    @Test
    void withoutAnAdminRoleItIsStillReadyToSignInButWarned() {
        EmergencyAccount plain = account("plain", true, false, Set.of("webauthn"), false);
        assertThat(plain.ready()).isTrue();
        assertThat(plain.warnings()).containsExactly(EmergencyAccount.NO_ADMIN_ROLE);
    }

    @Test
    void aMarkWhoseUserWasDeletedSaysSoAndIsNotReady() {
        EmergencyAccount gone = EmergencyAccount.gone("deleted-id");
        assertThat(gone.warnings()).containsExactly(EmergencyAccount.GONE);
        assertThat(gone.ready()).isFalse();
        assertThat(gone.name()).isEqualTo("deleted-id");
    }

    @Test
    void fewerThanTwoMarkedIsARealmWarning() {
        assertThat(new EmergencyAccess(List.of()).warnings()).containsExactly("fewer than 2 break-glass accounts (0 marked)");
        assertThat(new EmergencyAccess(List.of(ready("a"))).warnings()).containsExactly("fewer than 2 break-glass accounts (1 marked)");
    }

    @Test
    void twoMarkedButOneNotReadyIsARealmWarningToo() {
        EmergencyAccess access = new EmergencyAccess(List.of(ready("a"), account("b", false, false, Set.of("webauthn"), true)));
        assertThat(access.warnings()).singleElement().asString().startsWith("fewer than 2 break-glass accounts are ready (1 of 2");
        assertThat(new EmergencyAccess(List.of(ready("a"), ready("b"))).warnings()).isEmpty();
    }
}
