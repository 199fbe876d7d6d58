package io.github.zerotrust.keycloak.bench.load;

import java.util.Arrays;

/** Successful sign-ins, their latencies, failures, the time they took and the server CPU they cost. */
final class Stats {
    private long[] latencies = new long[1024];
    int count;
    long failures;
    long nanos;
    /** The server process's CPU seconds over the segments added; NaN when it cannot be read. */
    double cpuSeconds;

    void record(long latency) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = latency;
    }

    void add(Stats other) {
        for (int i = 0; i < other.count; i++) {
            record(other.latencies[i]);
        }
        failures += other.failures;
        nanos += other.nanos;
        cpuSeconds += other.cpuSeconds;
    }

    double perSecond() {
        return nanos == 0 ? 0 : count / (nanos / 1e9);
    }

    double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1e6;
    }

    double meanMillis() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += latencies[i];
        }
        return count == 0 ? Double.NaN : sum / 1e6 / count;
    }

    /** Server CPU milliseconds per successful sign-in; NaN when unknown. */
    double cpuMillisPerSignIn() {
        return count == 0 ? Double.NaN : cpuSeconds * 1000 / count;
    }
}
