package io.github.zerotrust.keycloak.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every zero-trust step that decides, by provider id: what a real sign-in's conditions and enforcers
 * ask, and what What-If asks for every step of a realm's flows. The provider ids are stored in realms
 * (docs/ids.md), so they never change.
 */
public final class StepKinds {

    public static final StepKind<CountryRule.Settings> COUNTRY = new StepKind<>("zt-condition-country",
            "Condition - country (Zero Trust)", StepKind.Role.CONDITION, RuleKind.COUNTRY, CountryRule.Settings::parse,
            CountryRule::judge);
    public static final StepKind<NetworkZoneRule.Settings> NETWORK_ZONE = new StepKind<>("zt-condition-network-zone",
            "Condition - network zone (Zero Trust)", StepKind.Role.CONDITION, RuleKind.NETWORK, NetworkZoneRule.Settings::parse,
            NetworkZoneRule::judge);
    public static final StepKind<RiskLevelRule.Settings> RISK_LEVEL = new StepKind<>("zt-condition-risk-level",
            "Condition - risk level (Zero Trust)", StepKind.Role.CONDITION, RuleKind.RISK, RiskLevelRule.Settings::parse,
            RiskLevelRule::judge);
    public static final StepKind<DeviceRule.Settings> DEVICE_COMPLIANT = new StepKind<>("zt-condition-device-compliant",
            "Condition - device compliant (Zero Trust)", StepKind.Role.CONDITION, RuleKind.OTHER, DeviceRule.Settings::parse,
            DeviceRule::compliant);
    public static final StepKind<DeviceRule.Settings> DEVICE_MANAGED = new StepKind<>("zt-condition-device-managed",
            "Condition - device managed (Zero Trust)", StepKind.Role.CONDITION, RuleKind.OTHER, DeviceRule.Settings::parse,
            DeviceRule::managed);
    public static final StepKind<AppliesToRule.Settings> APPLIES_TO = new StepKind<>("zt-condition-applies-to",
            "Condition - users, groups, roles or apps (Zero Trust)", StepKind.Role.CONDITION, RuleKind.OTHER,
            AppliesToRule.Settings::parse, AppliesToRule::judge);
    public static final StepKind<StrengthRule.Settings> REQUIRE_STRENGTH = new StepKind<>("zt-require-strength",
            "Zero Trust - require authentication strength", StepKind.Role.ENFORCER, RuleKind.OTHER,
            StrengthRule.Settings::parse, StrengthRule::judge);
    public static final StepKind<MfaRule.Settings> REQUIRE_MFA = new StepKind<>("zt-require-mfa",
            "Zero Trust - require MFA (with grace period)", StepKind.Role.ENFORCER, RuleKind.OTHER, MfaRule.Settings::parse,
            MfaRule::judge);
    public static final StepKind<RestrictionRule.Settings> RESTRICT_UNMANAGED = new StepKind<>("zt-restrict-unmanaged",
            "Zero Trust - restrict unmanaged devices", StepKind.Role.ENFORCER, RuleKind.OTHER, RestrictionRule.Settings::parse,
            RestrictionRule::judge);
    public static final StepKind<DenyRule.Settings> DENY = new StepKind<>("zt-deny-access", "Zero Trust - deny access",
            StepKind.Role.ENFORCER, RuleKind.OTHER, DenyRule.Settings::parse, DenyRule::judge);
    public static final StepKind<EnrolmentGuardRule.Settings> ENROLMENT_GUARD = new StepKind<>("zt-enrolment-guard",
            "Zero Trust - no enrolment under risk", StepKind.Role.ENFORCER, RuleKind.OTHER, EnrolmentGuardRule.Settings::parse,
            EnrolmentGuardRule::judge);
    public static final StepKind<PasswordGrantRule.Settings> BLOCK_PASSWORD_GRANT = new StepKind<>("zt-block-password-grant",
            "Zero Trust - block password grants", StepKind.Role.ENFORCER, RuleKind.OTHER, PasswordGrantRule.Settings::parse,
            PasswordGrantRule::judge);
    public static final StepKind<RemediationRule.Settings> DEVICE_REMEDIATION = new StepKind<>("zt-device-remediation",
            "Zero Trust - device remediation page", StepKind.Role.ENFORCER, RuleKind.OTHER, RemediationRule.Settings::parse,
            RemediationRule::judge);
    public static final StepKind<GuestAccessRule.Settings> GUEST_ACCESS = new StepKind<>("zt-guest-access",
            "Zero Trust - guest access", StepKind.Role.ENFORCER, RuleKind.OTHER, GuestAccessRule.Settings::parse,
            GuestAccessRule::judge);

    public static final List<StepKind<?>> ALL = List.of(COUNTRY, NETWORK_ZONE, RISK_LEVEL, DEVICE_COMPLIANT, DEVICE_MANAGED,
            APPLIES_TO, REQUIRE_STRENGTH, REQUIRE_MFA, RESTRICT_UNMANAGED, DENY, ENROLMENT_GUARD, BLOCK_PASSWORD_GRANT,
            DEVICE_REMEDIATION, GUEST_ACCESS);

    private static final Map<String, StepKind<?>> BY_ID = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(StepKind::providerId, Function.identity()));

    private StepKinds() {
    }

    private static final Map<String, String> REPORT_ONLY_KEYS = Map.of(
            COUNTRY.providerId(), CountryRule.Settings.REPORT_ONLY,
            NETWORK_ZONE.providerId(), NetworkZoneRule.Settings.REPORT_ONLY,
            RISK_LEVEL.providerId(), RiskLevelRule.Settings.REPORT_ONLY,
            DEVICE_COMPLIANT.providerId(), DeviceRule.Settings.REPORT_ONLY,
            DEVICE_MANAGED.providerId(), DeviceRule.Settings.REPORT_ONLY,
            APPLIES_TO.providerId(), AppliesToRule.Settings.REPORT_ONLY,
            REQUIRE_STRENGTH.providerId(), StrengthRule.Settings.REPORT_ONLY);

    /** The settings key that makes a step report-only; empty for a step that has none (it always acts). */
    public static Optional<String> reportOnlyKey(String providerId) {
        return providerId == null ? Optional.empty() : Optional.ofNullable(REPORT_ONLY_KEYS.get(providerId));
    }

    /** The kind a provider id names; empty for any step that is not a zero-trust decision. */
    public static Optional<StepKind<?>> byId(String providerId) {
        return providerId == null ? Optional.empty() : Optional.ofNullable(BY_ID.get(providerId));
    }
}
