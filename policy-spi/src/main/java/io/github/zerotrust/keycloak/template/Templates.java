package io.github.zerotrust.keycloak.template;

import io.github.zerotrust.keycloak.elevation.RoleRef;
import io.github.zerotrust.keycloak.location.Country;
import io.github.zerotrust.keycloak.policy.AppliesTo;
import io.github.zerotrust.keycloak.policy.AppliesToRule;
import io.github.zerotrust.keycloak.policy.CountryRule;
import io.github.zerotrust.keycloak.policy.DenyRule;
import io.github.zerotrust.keycloak.policy.DeviceRule;
import io.github.zerotrust.keycloak.policy.MfaRule;
import io.github.zerotrust.keycloak.policy.PasswordGrantRule;
import io.github.zerotrust.keycloak.policy.RiskLevelRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import io.github.zerotrust.keycloak.policy.StrengthRule;
import io.github.zerotrust.keycloak.template.TemplateRule.Setting;
import io.github.zerotrust.keycloak.template.TemplateRule.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalogue: Foundation, Intermediate and Advanced, after Microsoft Entra's Conditional Access templates, and
 * Partners, for the supply chain: partners who sign in through their own identity provider under the realm's rules (in
 * the providers' post-broker-login flow; Keycloak does not go on with the browser flow after a brokered sign-in). Ids
 * of templates, rules, parameters and step aliases are stored in realms (docs/ids.md) and never change.
 */
public final class Templates {

    public static final String BROWSER_FLOW = "zero-trust browser";
    public static final String DIRECT_GRANT_FLOW = "zero-trust direct grant";
    /** The post-broker-login flow of the partners' identity providers. */
    public static final String PARTNER_FLOW = "zero-trust partners";
    /** The realm attribute that records what is installed: JSON, template id to version and parameters. */
    public static final String INSTALLED_ATTRIBUTE = "zt.templates";
    public static final int MAX_FAILURE_FACTOR = 10;
    public static final String RISK_STEP = "zt-risk-assessment";
    public static final String DEVICE_STEP = "zt-device-posture";
    public static final String ELEVATE_ACTION = "zt-elevate";
    public static final String REFRESH_EXECUTOR = "zt-continuous-access";
    public static final String REFRESH_PROFILE = "zt-continuous-access";
    public static final String STRICT_LOCATION = "zt.refresh.strict-location";

    public static final String GRACE_DAYS = "graceDays";
    public static final String PASSWORD_GRANT_CLIENTS = "passwordGrantClients";
    public static final String BLOCKED_COUNTRIES = "blockedCountries";
    public static final String DEVICE_APPS = "deviceApps";
    public static final String PRIVILEGED_ROLES = "privilegedRoles";
    public static final String PHISHING_RESISTANT_ROLES = "phishingResistantRoles";
    public static final String IDENTITY_PROVIDERS = "identityProviders";
    public static final int DEFAULT_GRACE_DAYS = 14;
    static final int MAX_ITEMS = 100;
    static final String SEPARATOR = "##";

    private static final String BLOCK_LIST = "in";

    public static final Template FOUNDATION = new Template("foundation", "foundation", 1, "Foundation",
            "MFA for everyone with a grace period, password grants blocked, blocked countries denied, high-risk sign-ins"
                    + " denied. Every rule starts report-only.",
            List.of(TemplateParameter.number(GRACE_DAYS, "Days a user may sign in before setting up a second factor.",
                            DEFAULT_GRACE_DAYS, 0, MfaRule.Settings.MAX_GRACE_DAYS),
                    TemplateParameter.list(PASSWORD_GRANT_CLIENTS, "Client ids that may still use the password grant (default: none).",
                            List.of(), MAX_ITEMS, s -> Optional.empty(), true),
                    TemplateParameter.list(BLOCKED_COUNTRIES, "ISO 3166 codes of countries whose sign-ins are denied. No default:"
                            + " no list fits every organisation; while it is empty the country rules are left out.",
                            List.of(), 250, Templates::countryProblem, false)),
            List.of(TemplateRule.flowRule("foundation-mfa", "MFA for everyone, with a grace period", BROWSER_FLOW, Optional.empty(),
                            p -> Optional.of(List.of(everyone("foundation-mfa"),
                                    step(StepKinds.REQUIRE_MFA.providerId(), "foundation-mfa-require",
                                            Map.of(MfaRule.Settings.GRACE_DAYS, Integer.toString(p.number(GRACE_DAYS))))))),
                    TemplateRule.flowRule("foundation-password-grants", "Password grants blocked, except listed clients",
                            DIRECT_GRANT_FLOW, Optional.empty(),
                            p -> Optional.of(List.of(everyone("foundation-password-grants"),
                                    step(StepKinds.BLOCK_PASSWORD_GRANT.providerId(), "foundation-password-grants-block",
                                            Map.of(PasswordGrantRule.Settings.ALLOWED_CLIENTS,
                                                    String.join(SEPARATOR, p.list(PASSWORD_GRANT_CLIENTS))))))),
                    countries("foundation-countries", BROWSER_FLOW),
                    countries("foundation-countries-direct-grant", DIRECT_GRANT_FLOW),
                    risk("foundation-risk", BROWSER_FLOW),
                    risk("foundation-risk-direct-grant", DIRECT_GRANT_FLOW)));

    public static final Template INTERMEDIATE = new Template("intermediate", "intermediate", 1, "Intermediate",
            "Device compliance for chosen apps, restricted sessions on unmanaged devices, privileged roles just in time"
                    + " only, brute-force protection.",
            List.of(TemplateParameter.list(DEVICE_APPS, "Client ids whose sign-ins need a compliant device. While it is"
                            + " empty the device-compliance rule is left out.", List.of(), MAX_ITEMS, s -> Optional.empty(), true),
                    TemplateParameter.list(PRIVILEGED_ROLES, "Roles that are activated just in time (realm:<role> or"
                                    + " client:<clientId>:<role>).",
                            List.of("client:realm-management:realm-admin", "client:realm-management:manage-realm"), MAX_ITEMS,
                            s -> RoleRef.parse(s).isPresent() ? Optional.empty()
                                    : Optional.of("is not realm:<role> or client:<clientId>:<role>"), false)),
            List.of(TemplateRule.flowRule("intermediate-device-compliance", "A compliant device for chosen apps", BROWSER_FLOW,
                            Optional.of(DEVICE_STEP), p -> p.list(DEVICE_APPS).isEmpty() ? Optional.empty() : Optional.of(List.of(
                                    step(StepKinds.APPLIES_TO.providerId(), "intermediate-device-compliance-apps",
                                            Map.of(AppliesTo.CLIENTS, String.join(SEPARATOR, p.list(DEVICE_APPS)))),
                                    switchStep(StepKinds.DEVICE_COMPLIANT.providerId(), "intermediate-device-compliance-not-compliant",
                                            Map.of(DeviceRule.Settings.MATCH, "not-compliant"), DeviceRule.Settings.REPORT_ONLY),
                                    step(StepKinds.DEVICE_REMEDIATION.providerId(), "intermediate-device-compliance-remediate", Map.of())))),
                    TemplateRule.flowRule("intermediate-unmanaged", "Restricted sessions on unmanaged devices", BROWSER_FLOW,
                            Optional.of(DEVICE_STEP), p -> Optional.of(List.of(
                                    switchStep(StepKinds.DEVICE_MANAGED.providerId(), "intermediate-unmanaged-device",
                                            Map.of(DeviceRule.Settings.MATCH, "unmanaged"), DeviceRule.Settings.REPORT_ONLY),
                                    step(StepKinds.RESTRICT_UNMANAGED.providerId(), "intermediate-unmanaged-restrict", Map.of())))),
                    TemplateRule.settingRule("intermediate-jit-only", "Privileged roles just in time only", Setting.JIT_ONLY),
                    TemplateRule.settingRule("intermediate-brute-force", "Brute-force protection", Setting.BRUTE_FORCE)));

    public static final Template ADVANCED = new Template("advanced", "advanced", 1, "Advanced",
            "Phishing-resistant sign-in for privileged users and strict location at every refresh. Partners who sign in"
                    + " through their own identity provider: the Partners template.",
            List.of(TemplateParameter.list(PHISHING_RESISTANT_ROLES, "Roles whose holders must sign in with a passkey or"
                            + " security key (realm roles, or client roles as clientId.role).",
                    List.of("realm-management.realm-admin", "realm-management.manage-realm"), MAX_ITEMS, s -> Optional.empty(), false)),
            List.of(TemplateRule.flowRule("advanced-phishing-resistant", "Phishing-resistant sign-in for privileged users",
                            BROWSER_FLOW, Optional.empty(), p -> Optional.of(List.of(
                                    switchStep(StepKinds.APPLIES_TO.providerId(), "advanced-phishing-resistant-privileged",
                                            Map.of(AppliesTo.ROLES, String.join(SEPARATOR, p.list(PHISHING_RESISTANT_ROLES))),
                                            AppliesToRule.Settings.REPORT_ONLY),
                                    step(StepKinds.REQUIRE_STRENGTH.providerId(), "advanced-phishing-resistant-phr",
                                            Map.of(StrengthRule.Settings.STRENGTH, "phr"))))),
                    TemplateRule.settingRule("advanced-strict-refresh", "Strict location at every refresh", Setting.STRICT_REFRESH)));

    public static final Template PARTNERS = new Template("partners", "advanced", 1, "Partners",
            "Partners who sign in through their own identity provider follow the same rules as staff: blocked countries"
                    + " and high-risk sign-ins denied, MFA (the partner's own counts only where the provider's trust says"
                    + " so), guests only with a sponsor and before their end date, restricted sessions on unmanaged devices."
                    + " The rules live in the post-broker-login flow of the providers listed. Every rule starts report-only.",
            List.of(TemplateParameter.identityProviders(IDENTITY_PROVIDERS, "Aliases of the identity providers partners sign in"
                            + " through; the template's flow becomes their post-broker-login flow. A provider that already has"
                            + " another post-broker-login flow is left as it is.", MAX_ITEMS),
                    TemplateParameter.list(BLOCKED_COUNTRIES, "ISO 3166 codes of countries whose partner sign-ins are denied."
                            + " While it is empty the country rule is left out.", List.of(), 250, Templates::countryProblem, false),
                    TemplateParameter.number(GRACE_DAYS, "Days a partner may sign in before setting up a second factor here,"
                            + " when the provider's MFA is not trusted.", DEFAULT_GRACE_DAYS, 0, MfaRule.Settings.MAX_GRACE_DAYS)),
            List.of(countries("partners-countries", PARTNER_FLOW),
                    risk("partners-risk", PARTNER_FLOW),
                    TemplateRule.flowRule("partners-mfa", "MFA for partners, at their provider (if trusted) or here", PARTNER_FLOW,
                            Optional.empty(), p -> Optional.of(List.of(everyone("partners-mfa"),
                                    step(StepKinds.REQUIRE_MFA.providerId(), "partners-mfa-require",
                                            Map.of(MfaRule.Settings.GRACE_DAYS, Integer.toString(p.number(GRACE_DAYS))))))),
                    TemplateRule.flowRule("partners-guests", "Guests only with a sponsor and before their end date", PARTNER_FLOW,
                            Optional.empty(), p -> Optional.of(List.of(everyone("partners-guests"),
                                    step(StepKinds.GUEST_ACCESS.providerId(), "partners-guests-access", Map.of())))),
                    TemplateRule.flowRule("partners-unmanaged", "Restricted sessions on unmanaged devices", PARTNER_FLOW,
                            Optional.of(DEVICE_STEP), p -> Optional.of(List.of(
                                    switchStep(StepKinds.DEVICE_MANAGED.providerId(), "partners-unmanaged-device",
                                            Map.of(DeviceRule.Settings.MATCH, "unmanaged"), DeviceRule.Settings.REPORT_ONLY),
                                    step(StepKinds.RESTRICT_UNMANAGED.providerId(), "partners-unmanaged-restrict", Map.of()))))));

    public static final List<Template> ALL = List.of(FOUNDATION, INTERMEDIATE, ADVANCED, PARTNERS);

    private Templates() {
    }

    public static Optional<Template> byId(String id) {
        return ALL.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** A block list: unknown addresses (private networks) do not match, so staff on them are not denied by it. */
    private static TemplateRule countries(String id, String flow) {
        return TemplateRule.flowRule(id, "Sign-ins from blocked countries denied" + qualifier(flow),
                flow, Optional.empty(), p -> p.list(BLOCKED_COUNTRIES).isEmpty() ? Optional.empty() : Optional.of(List.of(
                        switchStep(StepKinds.COUNTRY.providerId(), id + "-blocked",
                                Map.of(CountryRule.Settings.COUNTRIES, String.join(SEPARATOR, p.list(BLOCKED_COUNTRIES)),
                                        CountryRule.Settings.MATCH, BLOCK_LIST, CountryRule.Settings.UNKNOWN_COUNTRY, "no-match"),
                                CountryRule.Settings.REPORT_ONLY),
                        step(StepKinds.DENY.providerId(), id + "-deny", Map.of(DenyRule.Settings.MESSAGE, DenyRule.Message.COUNTRY.configValue)))));
    }

    /** Anonymising and hosting networks count here: they are a signal of the score, not a rule of their own. */
    private static TemplateRule risk(String id, String flow) {
        return TemplateRule.flowRule(id, "High-risk sign-ins denied" + qualifier(flow),
                flow, Optional.of(RISK_STEP), p -> Optional.of(List.of(
                        switchStep(StepKinds.RISK_LEVEL.providerId(), id + "-high", Map.of(RiskLevelRule.Settings.LEVEL, "high"),
                                RiskLevelRule.Settings.REPORT_ONLY),
                        step(StepKinds.DENY.providerId(), id + "-deny", Map.of(DenyRule.Settings.MESSAGE, DenyRule.Message.RISK.configValue)))));
    }

    private static String qualifier(String flow) {
        return flow.equals(BROWSER_FLOW) ? "" : flow.equals(PARTNER_FLOW) ? " (partners)" : " (password grants)";
    }

    /** Applies-to with no list matches everyone: the rule's report-only switch when nothing else narrows it. */
    private static Step everyone(String ruleId) {
        return switchStep(StepKinds.APPLIES_TO.providerId(), ruleId + "-everyone", Map.of(), AppliesToRule.Settings.REPORT_ONLY);
    }

    private static Step step(String providerId, String alias, Map<String, String> config) {
        return new Step(providerId, alias, config, Optional.empty());
    }

    private static Step switchStep(String providerId, String alias, Map<String, String> config, String reportOnlyKey) {
        return new Step(providerId, alias, config, Optional.of(reportOnlyKey));
    }

    private static Optional<String> countryProblem(String code) {
        return Country.parse(code).filter(Country::isKnown).isPresent() ? Optional.empty() : Optional.of("is not an ISO 3166 country code");
    }
}
