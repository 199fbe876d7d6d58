package io.github.zerotrust.keycloak.breakglass;

import java.util.ArrayList;
import java.util.List;

/** A realm's break-glass accounts taken together: whether there are enough that would work. */
public record EmergencyAccess(List<EmergencyAccount> accounts) {

    /** Two, so that one lost key or one forgotten password is no lockout. */
    public static final int MINIMUM = 2;

    public EmergencyAccess {
        accounts = List.copyOf(accounts);
    }

    public List<EmergencyAccount> ready() {
        return accounts.stream().filter(EmergencyAccount::ready).toList();
    }

    public List<EmergencyAccount> notReady() {
        return accounts.stream().filter(a -> !a.ready()).toList();
    }

    /** What the realm as a whole lacks; empty when at least {@value #MINIMUM} accounts are ready. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (accounts.size() < MINIMUM) {
            warnings.add("fewer than " + MINIMUM + " break-glass accounts (" + accounts.size() + " marked)");
        } else if (ready().size() < MINIMUM) {
            warnings.add("fewer than " + MINIMUM + " break-glass accounts are ready (" + ready().size() + " of "
                    + accounts.size() + " enabled, not federated, with a passkey or security key)");
        }
        return List.copyOf(warnings);
    }
}
