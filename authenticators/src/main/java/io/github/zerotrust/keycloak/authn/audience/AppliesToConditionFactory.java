package io.github.zerotrust.keycloak.authn.audience;

import io.github.zerotrust.keycloak.authn.signin.ZeroTrustConditionFactory;
import io.github.zerotrust.keycloak.policy.AppliesTo;
import io.github.zerotrust.keycloak.policy.AppliesToRule;
import io.github.zerotrust.keycloak.policy.StepKinds;
import java.util.List;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

public final class AppliesToConditionFactory extends ZeroTrustConditionFactory {

    public static final String ID = StepKinds.APPLIES_TO.providerId();

    public AppliesToConditionFactory() {
        super(StepKinds.APPLIES_TO);
    }

    @Override
    public String getHelpText() {
        return "Matches sign-ins of members of the listed groups, holders of the listed roles, to the listed apps, through the "
                + "listed identity providers. "
                + "Empty lists do not narrow; the lists that are set must all hold. Place it after the username step.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return appliesToProperties(ProviderConfigurationBuilder.create())
                .property().name(AppliesToRule.Settings.REPORT_ONLY).label("Report only").type(ProviderConfigProperty.BOOLEAN_TYPE)
                .defaultValue(AppliesToRule.Settings.DEFAULT_TEXT.get(AppliesToRule.Settings.REPORT_ONLY)).helpText("Record in the sign-in event what this condition would have matched, then do not match.").add()
                .build();
    }

    /** The four lists, shared by every step that is for chosen users or apps. */
    public static ProviderConfigurationBuilder appliesToProperties(ProviderConfigurationBuilder builder) {
        return builder
                .property().name(AppliesTo.GROUPS).label("Groups").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Group names or paths (/it/admins); members of sub-groups count. Empty: any group.").add()
                .property().name(AppliesTo.ROLES).label("Roles").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Realm roles, or client roles as clientId.role; composite and group roles count. Empty: any role.").add()
                .property().name(AppliesTo.CLIENTS).label("Apps (client ids)").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Client ids of the apps. Empty: any app.").add()
                .property().name(AppliesTo.IDENTITY_PROVIDERS).label("Identity providers (aliases)")
                .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Sign-ins through these identity providers (their aliases; * for any): a partner's users, in the "
                        + "post-broker-login flow. Empty: however the user signed in.").add();
    }
}
