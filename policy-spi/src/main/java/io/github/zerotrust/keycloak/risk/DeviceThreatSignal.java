package io.github.zerotrust.keycloak.risk;

import java.util.Objects;
import java.util.Optional;

/**
 * The device's own security tooling reports a threat at or above the configured level. Until the
 * device issue supplies threats, sign-ins carry none and this signal stays silent.
 */
public final class DeviceThreatSignal implements Signal {

    public static final String NAME = "device-threat";

    /** @param minimum the lowest reported threat that counts; never CLEAR, which would always fire */
    public record Settings(DeviceThreat minimum) {

        public static final Settings DEFAULTS = new Settings(DeviceThreat.MEDIUM);

        public Settings {
            Objects.requireNonNull(minimum, "minimum");
            if (minimum == DeviceThreat.CLEAR) {
                throw new IllegalArgumentException("The minimum device threat is LOW, MEDIUM or HIGH.");
            }
        }
    }

    private final Settings settings;

    DeviceThreatSignal(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        return facts.deviceThreat()
                .filter(threat -> threat.atLeast(settings.minimum()))
                .map(threat -> RiskReason.of(NAME, "the device reports threat " + threat));
    }
}
