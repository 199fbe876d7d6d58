package io.github.zerotrust.keycloak.authn.device;

/**
 * Where a device is in its life. The names are stored ({@code ZT_DEVICE.STATE}), so fixed.
 * {@code ACTIVE}: seen at a sign-in or enrolled. {@code APPROVED}: an admin vouched for it, so it counts
 * as managed even without an MDM's word. {@code RETIRED}: no longer trusted; its posture is ignored and
 * it counts as unknown, until an admin approves it again.
 */
enum DeviceState {
    ACTIVE, APPROVED, RETIRED;

    static DeviceState of(String stored) {
        for (DeviceState state : values()) {
            if (state.name().equals(stored)) {
                return state;
            }
        }
        // An unknown stored state (a downgrade) is the safe one.
        return RETIRED;
    }
}
