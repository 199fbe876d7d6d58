package io.github.zerotrust.keycloak.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.template.InstallPlan.Action;
import io.github.zerotrust.keycloak.template.InstallPlan.Change;
import io.github.zerotrust.keycloak.template.RealmState.FlowState;
import io.github.zerotrust.keycloak.template.RealmState.Installed;
import io.github.zerotrust.keycloak.template.RealmState.StepState;
import io.github.zerotrust.keycloak.template.RuleStates.State;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InstallPlanTest {

    static final RealmState.Settings NOTHING_SET = new RealmState.Settings(false, 30, false, List.of(), false, false);
    static final RealmState EMPTY = new RealmState(Map.of(), "browser", "direct grant", NOTHING_SET, Map.of());
    static final Set<String> CLIENTS = Set.of("legacy-app", "hr-portal");
    static final Set<String> PROVIDERS = Set.of("acme", "globex");

    static TemplateParameters parameters(Template template, Map<String, ?> given) {
        TemplateParameters.Read read = TemplateParameters.read(template, given, TemplateParameters.defaults(template), CLIENTS::contains, PROVIDERS::contains);
        assertThat(read.problems()).isEmpty();
        return read.parameters();
    }

    static TemplateParameters foundation() {
        return parameters(Templates.FOUNDATION, Map.of("blockedCountries", List.of("KP", "ru"), "passwordGrantClients", List.of("legacy-app")));
    }

    /** The realm after the plan's changes, as the shell makes them (report-only switches on, the flows bound). */
    static RealmState applied(InstallPlan plan, RealmState realm) {
        Map<String, FlowState> flows = new HashMap<>(realm.flows());
        String browser = realm.browserFlow();
        String directGrant = realm.directGrantFlow();
        Map<String, String> providerFlows = new HashMap<>(realm.providerFlows());
        for (Change c : plan.changes()) {
            switch (c.action()) {
                case CREATE_FLOW -> flows.put(c.target(), new FlowState(List.of(), c.target().equals(Templates.PARTNER_FLOW) ? Map.of()
                        : Map.of(c.target() + " sign-in", List.of())));
                case BIND_PROVIDER -> providerFlows.put(c.target(), c.flow().orElseThrow());
                case ADD_RULE -> {
                    FlowState f = flows.get(c.flow().orElseThrow());
                    List<String> top = new ArrayList<>(f.topLevelSteps());
                    c.support().ifPresent(top::add);
                    Map<String, List<StepState>> subs = new LinkedHashMap<>(f.subFlows());
                    subs.put(c.target(), c.rule().orElseThrow().steps().apply(plan.parameters()).orElseThrow().stream()
                            .map(s -> new StepState(s.providerId(), Optional.of(s.configAlias()), s.configWith(true))).toList());
                    flows.put(c.flow().get(), new FlowState(top, subs));
                }
                case BIND_FLOW -> {
                    if (c.binding().orElseThrow().equals(InstallPlan.BROWSER)) {
                        browser = c.target();
                    } else {
                        directGrant = c.target();
                    }
                }
                case PROPOSE_SETTING -> { }
                default -> throw new IllegalStateException();
            }
        }
        Map<String, Installed> installed = new HashMap<>(realm.installed());
        installed.put(plan.template().id(), new Installed(plan.template().version(), plan.parameters()));
        return new RealmState(flows, browser, directGrant, realm.settings(), installed, providerFlows);
    }

    static List<String> actions(InstallPlan plan) {
        return plan.changes().stream().map(c -> c.action().id + " " + c.target()).toList();
    }

    @Test
    void foundationOnAnEmptyRealmCreatesBothFlowsAddsEveryRuleAndBindsThem() {
        InstallPlan plan = InstallPlan.of(Templates.FOUNDATION, foundation(), EMPTY);

        assertThat(actions(plan)).containsExactly("create-flow zero-trust browser", "create-flow zero-trust direct grant",
                "add-rule foundation-mfa", "add-rule foundation-password-grants", "add-rule foundation-countries",
                "add-rule foundation-countries-direct-grant", "add-rule foundation-risk", "add-rule foundation-risk-direct-grant",
                "bind-flow zero-trust browser", "bind-flow zero-trust direct grant");
        assertThat(plan.changes().stream().filter(c -> c.action() == Action.ADD_RULE).map(c -> c.support().orElse("")).toList())
                .as("the risk step is added once per flow, before the first risk rule")
                .containsExactly("", "", "", "", "zt-risk-assessment", "zt-risk-assessment");
    }

    @Test
    void installingTwiceChangesNothing() {
        for (Template template : Templates.ALL) {
            TemplateParameters p = template == Templates.FOUNDATION ? foundation()
                    : template == Templates.INTERMEDIATE ? parameters(template, Map.of("deviceApps", List.of("hr-portal")))
                    : TemplateParameters.defaults(template);
            RealmState after = applied(InstallPlan.of(template, p, EMPTY), EMPTY);

            InstallPlan again = InstallPlan.of(template, p, after);

            assertThat(again.changes()).as(template.id()).isEmpty();
            assertThat(again.kept()).as(template.id()).isNotEmpty();
        }
    }

    @Test
    void everyAddedRuleIsReportOnlyAndEverySettingOnlyProposed() {
        RealmState after = applied(InstallPlan.of(Templates.FOUNDATION, foundation(), EMPTY), EMPTY);
        RealmState intermediate = applied(InstallPlan.of(Templates.INTERMEDIATE,
                parameters(Templates.INTERMEDIATE, Map.of("deviceApps", List.of("hr-portal"))), after), after);

        for (TemplateRule rule : Templates.FOUNDATION.rules()) {
            assertThat(RuleStates.of(Templates.FOUNDATION, rule, foundation(), intermediate)).as(rule.id()).isEqualTo(State.REPORT_ONLY);
        }
        TemplateParameters ip = intermediate.installed().get("intermediate").parameters();
        assertThat(Templates.INTERMEDIATE.rules().stream().map(r -> r.id() + "=" + RuleStates.of(Templates.INTERMEDIATE, r, ip, intermediate).id))
                .containsExactly("intermediate-device-compliance=report-only", "intermediate-unmanaged=report-only",
                        "intermediate-jit-only=proposed", "intermediate-brute-force=proposed");
    }

    @Test
    void aRealmAlreadyBoundToTheTemplateFlowIsReusedNotCopied() {
        RealmState foundation = applied(InstallPlan.of(Templates.FOUNDATION, foundation(), EMPTY), EMPTY);

        InstallPlan advanced = InstallPlan.of(Templates.ADVANCED, TemplateParameters.defaults(Templates.ADVANCED), foundation);

        assertThat(actions(advanced)).containsExactly("add-rule advanced-phishing-resistant", "propose-setting advanced-strict-refresh");
    }

    @Nested
    class Partners {

        /** A realm with two partners: acme without a post-broker-login flow, globex with one of its admin's. */
        final RealmState withProviders = new RealmState(Map.of(), "browser", "direct grant", NOTHING_SET, Map.of(),
                Map.of("acme", "", "globex", "globex checks"));

        TemplateParameters both() {
            return parameters(Templates.PARTNERS, Map.of("identityProviders", List.of("acme", "globex"), "blockedCountries", List.of("KP")));
        }

        @Test
        void createsThePartnersFlowAddsItsRulesAndBindsOnlyAProviderWithoutAFlowOfItsOwn() {
            InstallPlan plan = InstallPlan.of(Templates.PARTNERS, both(), withProviders);

            assertThat(actions(plan)).containsExactly("create-flow zero-trust partners", "add-rule partners-countries",
                    "add-rule partners-risk", "add-rule partners-mfa", "add-rule partners-guests", "add-rule partners-unmanaged",
                    "bind-provider acme");
            assertThat(plan.changes().stream().filter(c -> c.action() == Action.ADD_RULE).map(c -> c.support().orElse("")).toList())
                    .containsExactly("", "zt-risk-assessment", "", "", "zt-device-posture");
            assertThat(plan.kept()).singleElement().satisfies(n -> {
                assertThat(n.target()).isEqualTo("globex");
                assertThat(n.why()).contains("globex checks", "kept as it is");
            });
        }

        @Test
        void neverTouchesTheBrowserOrDirectGrantFlows() {
            InstallPlan plan = InstallPlan.of(Templates.PARTNERS, both(), withProviders);

            assertThat(plan.changes()).noneMatch(c -> c.action() == Action.BIND_FLOW);
            assertThat(plan.changes()).allMatch(c -> c.flow().map(Templates.PARTNER_FLOW::equals).orElse(true));
        }

        @Test
        void everyRuleStartsReportOnlyAndASecondInstallChangesNothing() {
            RealmState after = applied(InstallPlan.of(Templates.PARTNERS, both(), withProviders), withProviders);

            for (TemplateRule rule : Templates.PARTNERS.rules()) {
                assertThat(RuleStates.of(Templates.PARTNERS, rule, both(), after)).as(rule.id()).isEqualTo(State.REPORT_ONLY);
            }
            assertThat(after.providerFlows()).containsEntry("acme", Templates.PARTNER_FLOW).containsEntry("globex", "globex checks");
            assertThat(InstallPlan.of(Templates.PARTNERS, both(), after).changes()).isEmpty();
        }

        @Test
        void withoutCountriesTheCountryRuleIsLeftOutAndWithoutProvidersNothingIsBound() {
            InstallPlan plan = InstallPlan.of(Templates.PARTNERS, TemplateParameters.defaults(Templates.PARTNERS), withProviders);

            assertThat(plan.skipped()).extracting(InstallPlan.Note::target).containsExactly("partners-countries");
            assertThat(plan.changes()).noneMatch(c -> c.action() == Action.BIND_PROVIDER);
        }

        @Test
        void aProviderThatIsNotInTheRealmIsRefusedByName() {
            List<String> problems = TemplateParameters.read(Templates.PARTNERS, Map.of("identityProviders", List.of("acme", "initech")),
                    TemplateParameters.defaults(Templates.PARTNERS), CLIENTS::contains, PROVIDERS::contains).problems();

            assertThat(problems).containsExactly("identityProviders: no identity provider 'initech' in this realm");
        }
    }

    @Nested
    class AnAdminsEdit {

        RealmState edited() {
            RealmState after = applied(InstallPlan.of(Templates.FOUNDATION, foundation(), EMPTY), EMPTY);
            FlowState browser = after.flows().get(Templates.BROWSER_FLOW);
            Map<String, List<StepState>> subs = new LinkedHashMap<>(browser.subFlows());
            List<StepState> mfa = new ArrayList<>(subs.get("foundation-mfa"));
            StepState require = mfa.get(1);
            Map<String, String> config = new HashMap<>(require.config());
            config.put("grace_days", "30");
            mfa.set(1, new StepState(require.providerId(), require.configAlias(), config));
            subs.put("foundation-mfa", mfa);
            Map<String, FlowState> flows = new HashMap<>(after.flows());
            flows.put(Templates.BROWSER_FLOW, new FlowState(browser.topLevelSteps(), subs));
            return new RealmState(flows, after.browserFlow(), after.directGrantFlow(), after.settings(), after.installed());
        }

        @Test
        void isKeptOnReinstallAndNeverOverwritten() {
            InstallPlan again = InstallPlan.of(Templates.FOUNDATION, foundation(), edited());

            assertThat(again.changes()).isEmpty();
            assertThat(again.kept()).anySatisfy(n -> {
                assertThat(n.target()).isEqualTo("foundation-mfa");
                assertThat(n.why()).contains("other settings", "kept");
            });
        }

        @Test
        void showsAsEdited() {
            TemplateRule mfa = Templates.FOUNDATION.rule("foundation-mfa").orElseThrow();

            assertThat(RuleStates.of(Templates.FOUNDATION, mfa, foundation(), edited())).isEqualTo(State.EDITED);
        }

        @Test
        void promotingTheSwitchIsNotAnEdit() {
            RealmState after = applied(InstallPlan.of(Templates.FOUNDATION, foundation(), EMPTY), EMPTY);
            FlowState browser = after.flows().get(Templates.BROWSER_FLOW);
            Map<String, List<StepState>> subs = new LinkedHashMap<>(browser.subFlows());
            List<StepState> countries = new ArrayList<>(subs.get("foundation-countries"));
            Map<String, String> config = new HashMap<>(countries.get(0).config());
            config.put("report_only", "false");
            countries.set(0, new StepState(countries.get(0).providerId(), countries.get(0).configAlias(), config));
            subs.put("foundation-countries", countries);
            Map<String, FlowState> flows = new HashMap<>(after.flows());
            flows.put(Templates.BROWSER_FLOW, new FlowState(browser.topLevelSteps(), subs));
            RealmState promoted = new RealmState(flows, after.browserFlow(), after.directGrantFlow(), after.settings(), after.installed());

            TemplateRule rule = Templates.FOUNDATION.rule("foundation-countries").orElseThrow();
            assertThat(RuleStates.of(Templates.FOUNDATION, rule, foundation(), promoted)).isEqualTo(State.ENFORCED);
            assertThat(InstallPlan.of(Templates.FOUNDATION, foundation(), promoted).changes()).isEmpty();
        }
    }

    @Nested
    class Parameters {

        List<String> problems(Template template, Map<String, ?> given) {
            return TemplateParameters.read(template, given, TemplateParameters.defaults(template), CLIENTS::contains, PROVIDERS::contains).problems();
        }

        @Test
        void defaultsArePinned() {
            assertThat(TemplateParameters.defaults(Templates.FOUNDATION).values()).isEqualTo(Map.of("graceDays", 14,
                    "passwordGrantClients", List.of(), "blockedCountries", List.of()));
            assertThat(TemplateParameters.defaults(Templates.INTERMEDIATE).list("privilegedRoles"))
                    .containsExactly("client:realm-management:realm-admin", "client:realm-management:manage-realm");
        }

        @Test
        void eachWrongValueIsNamedWithItsField() {
            assertThat(problems(Templates.FOUNDATION, Map.of("graceDays", 91))).containsExactly("graceDays: must be from 0 to 90, not 91");
            assertThat(problems(Templates.FOUNDATION, Map.of("graceDays", "14"))).singleElement().asString().startsWith("graceDays:");
            assertThat(problems(Templates.FOUNDATION, Map.of("blockedCountries", List.of("XX1"))))
                    .containsExactly("blockedCountries: 'XX1' is not an ISO 3166 country code");
            assertThat(problems(Templates.FOUNDATION, Map.of("passwordGrantClients", List.of("nobody"))))
                    .containsExactly("passwordGrantClients: no client 'nobody' in this realm");
            assertThat(problems(Templates.FOUNDATION, Map.of("blockedCountries", "KP")))
                    .containsExactly("blockedCountries: must be a list of strings");
            assertThat(problems(Templates.FOUNDATION, Map.of("countries", List.of("KP")))).singleElement().asString()
                    .startsWith("'countries': not a parameter of template foundation");
            assertThat(problems(Templates.INTERMEDIATE, Map.of("privilegedRoles", List.of("realm-admin"))))
                    .containsExactly("privilegedRoles: 'realm-admin' is not realm:<role> or client:<clientId>:<role>");
            assertThat(problems(Templates.FOUNDATION, Map.of("passwordGrantClients", List.of("a##b")))).singleElement().asString()
                    .contains("'##'");
        }

        @Test
        void withoutBlockedCountriesTheCountryRulesAreLeftOutAndSaidSo() {
            InstallPlan plan = InstallPlan.of(Templates.FOUNDATION, TemplateParameters.defaults(Templates.FOUNDATION), EMPTY);

            assertThat(actions(plan)).noneMatch(a -> a.contains("countries"));
            assertThat(plan.skipped()).extracting(InstallPlan.Note::target)
                    .containsExactly("foundation-countries", "foundation-countries-direct-grant");
        }
    }

    @Nested
    class Settings {

        @Test
        void bruteForceCountsAsAppliedOnlyWithTenFailuresOrFewer() {
            TemplateRule rule = Templates.INTERMEDIATE.rule("intermediate-brute-force").orElseThrow();
            TemplateParameters p = TemplateParameters.defaults(Templates.INTERMEDIATE);

            assertThat(RuleStates.settingApplied(rule, p, new RealmState.Settings(true, 10, false, List.of(), false, false))).isTrue();
            assertThat(RuleStates.settingApplied(rule, p, new RealmState.Settings(true, 30, false, List.of(), false, false))).isFalse();
            assertThat(RuleStates.settingApplied(rule, p, new RealmState.Settings(false, 5, false, List.of(), false, false))).isFalse();
            assertThat(RuleStates.failureFactor(new RealmState.Settings(true, 30, false, List.of(), false, false))).isEqualTo(10);
            assertThat(RuleStates.failureFactor(new RealmState.Settings(true, 5, false, List.of(), false, false))).isEqualTo(5);
        }

        @Test
        void anAppliedSettingIsNotProposedAgain() {
            RealmState protectedRealm = new RealmState(Map.of(), "browser", "direct grant",
                    new RealmState.Settings(true, 5, true, List.of("client:realm-management:realm-admin",
                            "client:realm-management:manage-realm"), true, true), Map.of());

            InstallPlan plan = InstallPlan.of(Templates.INTERMEDIATE, TemplateParameters.defaults(Templates.INTERMEDIATE), protectedRealm);

            assertThat(actions(plan)).noneMatch(a -> a.startsWith("propose-setting"));
            assertThat(plan.kept()).extracting(InstallPlan.Note::why).contains("already applied");
        }
    }
}
