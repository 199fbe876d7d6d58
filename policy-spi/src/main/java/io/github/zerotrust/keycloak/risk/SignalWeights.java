package io.github.zerotrust.keycloak.risk;

/** How many points (0 to 100) each signal adds to the score; 0 switches the signal off. */
public record SignalWeights(int newDevice, int newCountry, int impossibleTravel, int unusualHour,
                            int failureVelocity, int anonymisingNetwork, int deviceThreat) {

    public static final SignalWeights DEFAULTS = new SignalWeights(25, 30, 60, 15, 30, 40, 50);

    public SignalWeights {
        for (int weight : new int[] {newDevice, newCountry, impossibleTravel, unusualHour, failureVelocity,
                anonymisingNetwork, deviceThreat}) {
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("A weight is 0 to 100, not " + weight + ".");
            }
        }
    }

    /** The weight of the signal with that reason name; 0 for a name no signal has. */
    public int of(String signal) {
        return switch (signal) {
            case NewDevice.NAME -> newDevice;
            case NewCountry.NAME -> newCountry;
            case ImpossibleTravel.NAME -> impossibleTravel;
            case UnusualHour.NAME -> unusualHour;
            case FailureVelocity.NAME -> failureVelocity;
            case AnonymisingNetwork.NAME -> anonymisingNetwork;
            case DeviceThreatSignal.NAME -> deviceThreat;
            default -> 0;
        };
    }
}
