package io.github.zerotrust.keycloak.risk;

/** Distances on the Earth taken as a sphere; good to about 0.5 %, far finer than geo-IP accuracy. */
final class GreatCircle {

    /** The IUGG mean radius, the usual choice when a single sphere stands in for the ellipsoid. */
    static final double EARTH_RADIUS_KM = 6371.0088;

    private GreatCircle() {
    }

    /** Haversine distance in km between two points given in degrees. */
    static double distanceKm(double latitude1, double longitude1, double latitude2, double longitude2) {
        double phi1 = Math.toRadians(latitude1);
        double phi2 = Math.toRadians(latitude2);
        double halfDeltaPhi = (phi2 - phi1) / 2;
        double halfDeltaLambda = Math.toRadians(longitude2 - longitude1) / 2;
        double sinPhi = Math.sin(halfDeltaPhi);
        double sinLambda = Math.sin(halfDeltaLambda);
        double h = sinPhi * sinPhi + Math.cos(phi1) * Math.cos(phi2) * sinLambda * sinLambda;
        // Rounding can push h a hair above 1 for antipodal points.
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1.0, h)));
    }
}
