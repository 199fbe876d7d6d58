package io.github.zerotrust.keycloak.risk;

import java.util.Optional;

/**
 * The sign-in comes from a device the user has not signed in from before. No recognised device at
 * all counts as new, and so does the first sign-in of an account: nothing vouches for the device.
 */
public final class NewDevice implements Signal {

    public static final String NAME = "new-device";

    NewDevice() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        String device = facts.deviceId();
        if (device == null) {
            return Optional.of(RiskReason.of(NAME, "no recognised device"));
        }
        for (PastSignIn past : facts.history()) {
            if (device.equals(past.deviceId())) {
                return Optional.empty();
            }
        }
        return Optional.of(RiskReason.of(NAME, facts.history().isEmpty()
                ? "first sign-in of the account" : "a device not seen in the sign-in history"));
    }
}
