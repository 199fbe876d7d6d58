package io.github.zerotrust.keycloak.authn.device;

import io.github.zerotrust.keycloak.device.DeviceTrust;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * Adds {@code device_trust} ({@code compliant}, {@code managed}, {@code unmanaged}) from the session's
 * sign-in. A session whose sign-in did not check the device says {@code unmanaged}: the claim never
 * promises more than was checked.
 */
public final class DeviceTrustMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String ID = "zt-device-trust-mapper";
    private static final List<ProviderConfigProperty> PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(PROPERTIES, DeviceTrustMapper.class);
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Zero Trust - device trust";
    }

    @Override
    public String getHelpText() {
        return "Adds the claim device_trust: compliant, managed or unmanaged, as 'Zero Trust - check device' found at sign-in.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        DeviceTrust trust = DeviceTrust.parse(userSession.getNote(DeviceRecording.SESSION_TRUST)).orElse(DeviceTrust.UNMANAGED);
        token.getOtherClaims().put(DeviceTrust.CLAIM, trust.claimValue());
    }
}
