package io.github.zerotrust.keycloak.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the load drivers share: their client threads ({@code count} jobs on a fixed pool, the first failure failing
 * the run), one JSON mapper and one HTTP client set-up.
 */
final class Workers {

    static final ObjectMapper JSON = new ObjectMapper();

    /** HTTP/1.1 (as a browser or an app talks to Keycloak), 5 s to connect. */
    static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    interface Job {
        void run(int i) throws Exception;
    }

    private Workers() {
    }

    static void parallel(int threads, int count, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    job.run(n);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code p}-th percentile of sorted values (nearest rank); -1 for none. */
    static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
