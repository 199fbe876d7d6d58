package io.github.zerotrust.keycloak.risk;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Many failed attempts shortly before this sign-in, for the account (guessing one password) or
 * from the address (spraying many accounts). The shell counts the failures within the window.
 */
public final class FailureVelocity implements Signal {

    public static final String NAME = "failure-velocity";

    /**
     * @param userThreshold    failures for the user within the window that make the signal fire
     * @param addressThreshold failures from the address within the window that make it fire
     * @param window           how far back the shell counts failures
     */
    public record Settings(int userThreshold, int addressThreshold, Duration window) {

        public static final Settings DEFAULTS = new Settings(5, 20, Duration.ofMinutes(15));

        public Settings {
            if (userThreshold < 1 || addressThreshold < 1) {
                throw new IllegalArgumentException("Failure thresholds are at least 1.");
            }
            Objects.requireNonNull(window, "window");
        }
    }

    private final Settings settings;

    FailureVelocity(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        long minutes = settings.window().toMinutes();
        if (facts.recentUserFailures() >= settings.userThreshold()) {
            return Optional.of(RiskReason.of(NAME, facts.recentUserFailures()
                    + " failed attempts for the account in " + minutes + " min"));
        }
        if (facts.recentAddressFailures() >= settings.addressThreshold()) {
            return Optional.of(RiskReason.of(NAME, facts.recentAddressFailures()
                    + " failed attempts from the address in " + minutes + " min"));
        }
        return Optional.empty();
    }
}
