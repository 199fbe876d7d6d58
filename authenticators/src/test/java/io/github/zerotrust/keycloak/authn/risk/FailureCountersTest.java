package io.github.zerotrust.keycloak.authn.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.zerotrust.keycloak.location.ClientAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureCountersTest {

    static final Duration WINDOW = Duration.ofMinutes(15);

    /** The single-use store's contract: an atomic putIfAbsent, and entries that end after their lifespan. */
    static final class Store implements FailureCounters.Slots {
        final Map<String, Long> expiries = new ConcurrentHashMap<>();
        final AtomicLong now;

        Store(AtomicLong now) {
            this.now = now;
        }

        @Override
        public boolean claim(String key, long lifespanSeconds) {
            expiries.values().removeIf(end -> end <= now.get());
            return expiries.putIfAbsent(key, now.get() + lifespanSeconds) == null;
        }

        @Override
        public boolean taken(String key) {
            Long end = expiries.get(key);
            return end != null && end > now.get();
        }
    }

    final AtomicLong seconds = new AtomicLong(Instant.parse("2026-06-10T10:00:00Z").getEpochSecond());
    final Store store = new Store(seconds);
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.get());
        }
    };
    final FailureCounters counters = new FailureCounters(store, clock, 1_000, 100_000);
    final ExecutorService pool = Executors.newFixedThreadPool(32);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static ClientAddress address(String text) {
        return ClientAddress.parse(text).orElseThrow();
    }

    void inParallel(int times, Runnable failure) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            done.add(pool.submit(() -> {
                start.await();
                failure.run();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void failuresArrivingAllAtOnceAreEachCounted() throws Exception {
        inParallel(200, () -> counters.failedForUser("r", "u", WINDOW));

        assertThat(counters.ofUser("r", "u", WINDOW)).isEqualTo(200);
        assertThat(store.expiries).hasSize(200);
    }

    @Test
    void sprayingFromOneSourceOverManyAccountsAtOnceIsCountedInFull() throws Exception {
        ClientAddress sprayer = address("198.51.100.9");

        inParallel(500, () -> counters.failedFrom("r", sprayer, WINDOW));

        assertThat(counters.ofSource("r", sprayer, WINDOW)).isEqualTo(500);
    }

    @Test
    void everyAddressOfAnIpv6Slash64IsOneSource() {
        counters.failedFrom("r", address("2001:db8:1:2::1"), WINDOW);
        counters.failedFrom("r", address("2001:db8:1:2::2"), WINDOW);
        counters.failedFrom("r", address("2001:db8:1:2:abcd:ef01:2345:6789"), WINDOW);

        assertThat(counters.ofSource("r", address("2001:db8:1:2::99"), WINDOW)).isEqualTo(3);
        assertThat(counters.ofSource("r", address("2001:db8:1:3::1"), WINDOW)).isZero();
    }

    @Test
    void anIpv4ClientIsOneSourceWhetherPlainOrIpv4Mapped() {
        counters.failedFrom("r", address("192.0.2.7"), WINDOW);
        counters.failedFrom("r", address("::ffff:192.0.2.7"), WINDOW);

        assertThat(counters.ofSource("r", address("192.0.2.7"), WINDOW)).isEqualTo(2);
        assertThat(counters.ofSource("r", address("192.0.2.8"), WINDOW)).isZero();
    }

    @Test
    void usersRealmsAndSourcesAreCountedApart() {
        counters.failedForUser("r", "u", WINDOW);
        counters.failedForUser("r", "v", WINDOW);
        counters.failedForUser("other", "u", WINDOW);

        assertThat(counters.ofUser("r", "u", WINDOW)).isEqualTo(1);
        assertThat(counters.ofUser("r", "w", WINDOW)).isZero();
        assertThat(counters.ofSource("r", address("192.0.2.7"), WINDOW)).isZero();
    }

    @Test
    void everyFailureOfTheLastWindowCountsAndNoneOlderThanTwoWindows() {
        long start = seconds.get() + 7;
        long window = WINDOW.toSeconds();
        List<Long> failures = new ArrayList<>();
        for (long at = start; at < start + 60 * 60; at += 30) {
            seconds.set(at);
            if (at < start + 20 * 60 && (at - start) % 60 == 0) {
                failures.add(at);
                counters.failedForUser("r", "u", WINDOW);
            }
            long time = at;
            long inLastWindow = failures.stream().filter(f -> f > time - window).count();
            long inLastTwo = failures.stream().filter(f -> f > time - 2 * window).count();

            assertThat((long) counters.ofUser("r", "u", WINDOW)).as("at +%d s", at - start)
                    .isBetween(inLastWindow, inLastTwo);
        }
        seconds.set(start + 19 * 60L + 2 * window + FailureCounters.EXPIRY_MARGIN_SECONDS + 1);
        assertThat(store.taken("zt.fail.user.r.u." + Math.floorDiv(start, window) + ".1")).as("expired").isFalse();
    }

    @Test
    void countingStopsAtTheHighestThresholdSoOneCounterHoldsBoundedSlots() {
        FailureCounters small = new FailureCounters(store, clock, 5, 7);
        for (int i = 0; i < 20; i++) {
            small.failedForUser("r", "u", WINDOW);
            small.failedFrom("r", address("192.0.2.7"), WINDOW);
        }

        assertThat(small.ofUser("r", "u", WINDOW)).isEqualTo(5);
        assertThat(small.ofSource("r", address("192.0.2.7"), WINDOW)).isEqualTo(7);
        assertThat(store.expiries).hasSize(12);
    }

    @Test
    void aCountTakesLogarithmicallyManyLookups() {
        for (int i = 0; i < 1_000; i++) {
            counters.failedForUser("r", "u", WINDOW);
        }
        AtomicLong lookups = new AtomicLong();
        FailureCounters counting = new FailureCounters(new FailureCounters.Slots() {
            @Override
            public boolean claim(String key, long lifespanSeconds) {
                return store.claim(key, lifespanSeconds);
            }

            @Override
            public boolean taken(String key) {
                lookups.incrementAndGet();
                return store.taken(key);
            }
        }, clock, 1_000, 100_000);

        assertThat(counting.ofUser("r", "u", WINDOW)).isEqualTo(1_000);
        assertThat(lookups.get()).isLessThanOrEqualTo(2 * 21);
    }
}
