package io.github.zerotrust.keycloak.authn.signals.transmit;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.keycloak.Config;
import org.keycloak.common.Profile;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.EnvironmentDependentProviderFactory;
import org.keycloak.ssf.event.SsfEvent;
import org.keycloak.ssf.event.SsfEventProviderFactory;
import org.keycloak.ssf.event.caep.CaepEvent;

/**
 * Teaches Keycloak's own Shared Signals transmitter (feature {@code ssf}) the CAEP event types it does not know in
 * 26.7.3 and the suite sends: {@code device-compliance-change}, {@code risk-level-change},
 * {@code assurance-level-change}, {@code token-claims-change}. Only known here, they are signed, queued in the
 * transmitter's durable outbox and delivered (push or poll) like its own {@code session-revoked}: no second
 * transmitter. An event's fields are CAEP's own names, carried in the event's attributes.
 */
public final class CaepEventTypes implements SsfEventProviderFactory, EnvironmentDependentProviderFactory {

    public static final String ID = "zt-caep-events";
    static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
    public static final String SESSION_REVOKED = CAEP + "session-revoked";
    public static final String DEVICE_COMPLIANCE_CHANGE = CAEP + "device-compliance-change";
    public static final String RISK_LEVEL_CHANGE = CAEP + "risk-level-change";
    public static final String ASSURANCE_LEVEL_CHANGE = CAEP + "assurance-level-change";
    public static final String TOKEN_CLAIMS_CHANGE = CAEP + "token-claims-change";

    /** A CAEP event of one of the types above; its fields are attributes. */
    public static class DeviceComplianceChange extends CaepEvent {
        public DeviceComplianceChange() {
            super(DEVICE_COMPLIANCE_CHANGE);
        }
    }

    public static class RiskLevelChange extends CaepEvent {
        public RiskLevelChange() {
            super(RISK_LEVEL_CHANGE);
        }
    }

    public static class AssuranceLevelChange extends CaepEvent {
        public AssuranceLevelChange() {
            super(ASSURANCE_LEVEL_CHANGE);
        }
    }

    public static class TokenClaimsChange extends CaepEvent {
        public TokenClaimsChange() {
            super(TOKEN_CLAIMS_CHANGE);
        }
    }

    private static final Map<String, Supplier<? extends SsfEvent>> FACTORIES = Map.of(
            DEVICE_COMPLIANCE_CHANGE, DeviceComplianceChange::new,
            RISK_LEVEL_CHANGE, RiskLevelChange::new,
            ASSURANCE_LEVEL_CHANGE, AssuranceLevelChange::new,
            TOKEN_CLAIMS_CHANGE, TokenClaimsChange::new);

    @Override
    public Map<String, Supplier<? extends SsfEvent>> getContributedEventFactories() {
        return FACTORIES;
    }

    /** The suite emits them itself; they are not offered to the transmitter's admin emit endpoint. */
    @Override
    public Set<String> getEmittableEventTypes() {
        return Set.of();
    }

    @Override
    public Set<String> getNativelyEmittedEventTypes() {
        return FACTORIES.keySet();
    }

    @Override
    public boolean isSupported(Config.Scope config) {
        return Profile.isFeatureEnabled(Profile.Feature.SSF);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public String getId() {
        return ID;
    }
}
