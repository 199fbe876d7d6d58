package io.github.zerotrust.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppliesToRuleTest {

    static Verdict judge(SignIn signIn, Map<String, String> config) {
        return AppliesToRule.judge(signIn, AppliesToRule.Settings.parse(config));
    }

    static SignIn signInOf(Who who, String client) {
        return Facts.anywhere().withWho(Optional.of(who)).withClient(Optional.of(client));
    }

    @Test
    void matchesAMemberOfAListedGroupAndSaysWhy() {
        Verdict verdict = judge(signInOf(Facts.user(Set.of("admins"), Set.of(), Set.of()), "app"), Map.of("zt.applies-to.groups", "admins"));
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.detail()).isEqualTo("group admins");
    }

    @Test
    void everyListThatIsSetMustHold() {
        Map<String, String> adminsOnHr = Map.of("zt.applies-to.groups", "admins", "zt.applies-to.clients", "hr-portal");
        Who admin = Facts.user(Set.of("admins"), Set.of(), Set.of());
        assertThat(judge(signInOf(admin, "hr-portal"), adminsOnHr).detail()).isEqualTo("group admins, app hr-portal");
        assertThat(judge(signInOf(admin, "wiki"), adminsOnHr).applies()).isFalse();
        assertThat(judge(signInOf(admin, "wiki"), adminsOnHr).detail()).isEqualTo("not a listed user, group, role or app");
    }

    @Test
    void aRoleRuleMatchesItsHolders() {
        assertThat(judge(signInOf(Facts.user(Set.of(), Set.of("realm-admin"), Set.of()), "app"), Map.of("zt.applies-to.roles", "realm-admin"))
                .detail()).isEqualTo("role realm-admin");
    }

    @Test
    void aGroupThatDoesNotExistMatchesNobodyAndIsWarnedOf() {
        Verdict verdict = judge(signInOf(Facts.alice(), "app"), Map.of("zt.applies-to.groups", "nonexistent"));
        assertThat(verdict.applies()).isFalse();
        assertThat(verdict.warning()).hasValueSatisfying(w -> assertThat(w).contains("group nonexistent"));
    }

    @Test
    void beforeTheUserIsKnownAGroupRuleMatchesFailClosed() {
        Verdict verdict = judge(Facts.anywhere(), Map.of("zt.applies-to.groups", "admins"));
        assertThat(verdict.applies()).isTrue();
        assertThat(verdict.misconfigured()).isTrue();
        assertThat(verdict.reason()).isEqualTo(Reason.USER_NOT_KNOWN);
    }

    @Test
    void anAppRuleNeedsNoUser() {
        assertThat(judge(Facts.anywhere().withClient(Optional.of("hr-portal")), Map.of("zt.applies-to.clients", "hr-portal")).applies()).isTrue();
    }
}
