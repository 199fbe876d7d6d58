package io.github.zerotrust.keycloak.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs every enabled signal over a sign-in and adds up their weights into a 0-100 score. Built once
 * per settings change; immutable, so one instance serves every sign-in of the realm.
 */
public final class RiskScorer {

    private final RiskSettings settings;
    private final Signal[] signals;
    private final int[] weights;

    public RiskScorer(RiskSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        List<Signal> enabled = new ArrayList<>();
        // The order here is the order of the reasons in events and notes.
        for (Signal signal : List.of(
                new NewDevice(),
                new NewCountry(),
                new ImpossibleTravel(settings.impossibleTravel()),
                new UnusualHour(settings.unusualHour()),
                new FailureVelocity(settings.failureVelocity()),
                new AnonymisingNetwork(settings.anonymisingNetwork()),
                new DeviceThreatSignal(settings.deviceThreat()))) {
            if (settings.weights().of(signal.name()) > 0) {
                enabled.add(signal);
            }
        }
        this.signals = enabled.toArray(Signal[]::new);
        this.weights = enabled.stream().mapToInt(signal -> settings.weights().of(signal.name())).toArray();
    }

    public Assessment assess(SignInFacts facts) {
        List<RiskReason> reasons = new ArrayList<>(2);
        int sum = 0;
        for (int i = 0; i < signals.length; i++) {
            Optional<RiskReason> reason = signals[i].evaluate(facts);
            if (reason.isPresent()) {
                reasons.add(reason.get().withWeight(weights[i]));
                sum += weights[i];
            }
        }
        int score = Math.min(100, sum);
        return new Assessment(score, settings.levelOf(score), reasons, facts.at());
    }

    public RiskSettings settings() {
        return settings;
    }
}
