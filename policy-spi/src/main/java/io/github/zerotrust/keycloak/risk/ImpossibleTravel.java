package io.github.zerotrust.keycloak.risk;

import io.github.zerotrust.keycloak.location.Country;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The user would have had to travel faster than a plane to get here from their last located
 * sign-in. Both accuracy radii are taken off the distance first, so two vague locations never
 * add up to an alarm, and short hops are ignored because geo-IP often misplaces by a city.
 *
 * <p>A location without an accuracy radius (DB-IP Lite, ip-location-db's city files) is not exact:
 * it is taken as accurate to {@code unknownAccuracyKm}. And ISPs hand one customer addresses that
 * geolocate to different cities of the country (London one minute, Manchester the next), so hops
 * within one known country up to {@code sameCountryKm} are never judged.
 */
public final class ImpossibleTravel implements Signal {

    public static final String NAME = "impossible-travel";

    /**
     * @param maxSpeedKmh    faster than this is impossible; Okta uses 805 km/h
     * @param minDistanceKm  distances (after the radii) below this are never judged
     * @param sameAsnExempt  whether a sign-in from the same autonomous system as the last one is exempt,
     *                       for companies whose one network egresses in several countries
     * @param exceptionZones network zones (e.g. {@code vpn-egress}) whose sign-ins, now or last time,
     *                       are exempt; names ignore case, as zone names do
     * @param unknownAccuracyKm the accuracy radius assumed for a location whose record has none
     *                       (0: such coordinates are taken as exact)
     * @param sameCountryKm  distances (after the radii) up to this between two sign-ins in the same
     *                       known country are never judged (0: no allowance)
     */
    public record Settings(int maxSpeedKmh, int minDistanceKm, boolean sameAsnExempt, Set<String> exceptionZones,
                           int unknownAccuracyKm, int sameCountryKm) {

        public static final int DEFAULT_UNKNOWN_ACCURACY_KM = 100;
        public static final int DEFAULT_SAME_COUNTRY_KM = 500;
        public static final Settings DEFAULTS = new Settings(800, 100, false, Set.of());

        public Settings {
            if (maxSpeedKmh < 1 || minDistanceKm < 0 || unknownAccuracyKm < 0 || sameCountryKm < 0) {
                throw new IllegalArgumentException("The speed must be positive and distances not negative.");
            }
            exceptionZones = exceptionZones == null ? Set.of()
                    : exceptionZones.stream().map(zone -> zone.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        /** With the default allowances for radius-less locations and same-country hops. */
        public Settings(int maxSpeedKmh, int minDistanceKm, boolean sameAsnExempt, Set<String> exceptionZones) {
            this(maxSpeedKmh, minDistanceKm, sameAsnExempt, exceptionZones, DEFAULT_UNKNOWN_ACCURACY_KM,
                    DEFAULT_SAME_COUNTRY_KM);
        }
    }

    private final Settings settings;

    ImpossibleTravel(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<RiskReason> evaluate(SignInFacts facts) {
        var here = facts.location();
        if (!here.hasCoordinates() || inExceptionZone(facts.zones())) {
            return Optional.empty();
        }
        PastSignIn last = lastLocated(facts);
        if (last == null || inExceptionZone(last.zones())
                || settings.sameAsnExempt() && here.asn() != null && here.asn().equals(last.asn())) {
            return Optional.empty();
        }
        double between = GreatCircle.distanceKm(last.latitude(), last.longitude(), here.latitude(), here.longitude());
        double distance = between - radius(last.accuracyRadiusKm()) - radius(here.accuracyRadiusKm());
        if (distance < settings.minDistanceKm() || distance <= 0 || withinOneCountry(here.country(), last.country(), distance)) {
            return Optional.empty();
        }
        // A past sign-in stamped after this one is clock skew between nodes: treat it as simultaneous.
        long elapsedMillis = Math.max(0, Duration.between(last.at(), facts.at()).toMillis());
        if (distance * 3_600_000.0 <= (double) settings.maxSpeedKmh() * elapsedMillis) {
            return Optional.empty();
        }
        return Optional.of(RiskReason.of(NAME, detail(between, elapsedMillis, last)));
    }

    private boolean withinOneCountry(Country here, Country last, double distanceKm) {
        return here.isKnown() && here.equals(last) && distanceKm <= settings.sameCountryKm();
    }

    private PastSignIn lastLocated(SignInFacts facts) {
        for (PastSignIn past : facts.history()) {
            if (past.hasCoordinates()) {
                return past;
            }
        }
        return null;
    }

    private boolean inExceptionZone(Set<String> zones) {
        if (settings.exceptionZones().isEmpty()) {
            return false;
        }
        for (String zone : zones) {
            if (settings.exceptionZones().contains(zone.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private int radius(Integer accuracyRadiusKm) {
        return accuracyRadiusKm == null ? settings.unknownAccuracyKm() : Math.max(0, accuracyRadiusKm);
    }

    // e.g. "9 431 km in 54 min (10 479 km/h) since the sign-in from GB": the distance between the two
    // located places, not what is left after the accuracy allowances, so an admin can check it on a map.
    private static String detail(double distanceKm, long elapsedMillis, PastSignIn last) {
        String from = last.country().isKnown() ? "from " + last.country().isoCode() : "from an unknown country";
        String km = grouped(Math.round(distanceKm)) + " km";
        if (elapsedMillis == 0) {
            return km + " at the same time as the sign-in " + from;
        }
        double hours = elapsedMillis / 3_600_000.0;
        String time = hours < 1 ? Math.max(1, Math.round(hours * 60)) + " min"
                : String.format(Locale.ROOT, "%.1f h", hours);
        return km + " in " + time + " (" + grouped(Math.round(distanceKm / hours)) + " km/h) since the sign-in " + from;
    }

    private static String grouped(long number) {
        return String.format(Locale.ROOT, "%,d", number).replace(',', ' ');
    }
}
