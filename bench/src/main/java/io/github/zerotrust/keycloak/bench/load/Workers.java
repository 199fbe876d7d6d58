package io.github.zerotrust.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The load drivers' client threads: {@code count} jobs on a fixed pool, the first failure failing the run. */
final class Workers {

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
