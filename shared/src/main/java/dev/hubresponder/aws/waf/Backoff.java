package dev.hubresponder.aws.waf;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How long to wait before re-reading an IP set after a lock conflict: exponential with equal jitter (half the
 * step fixed, half random), so that writers who collided do not collide again in step. Bounded in attempts.
 *
 * @param maxAttempts reads of the set before giving up on conflicts
 * @param base        the first step
 * @param cap         the largest step
 * @param sleeper     how to wait (tests pass one that records instead of sleeping)
 */
public record Backoff(int maxAttempts, Duration base, Duration cap, Sleeper sleeper) {
    /**
     * Eight reads, steps 100 ms → 2 s: about 7 s of waiting at most, well inside a function timeout, and past WAF's
     * write rate (about one per second per account and Region) several times over.
     */
    public static Backoff standard() {
        return new Backoff(8, Duration.ofMillis(100), Duration.ofSeconds(2), Thread::sleep);
    }

    /** Waits a number of milliseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /** The wait after the given failed attempt (1-based). */
    long delayMillis(int attempt, SplittableRandom random) {
        long step = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        long half = step / 2;
        return half + (half > 0 ? random.nextLong(half + 1) : 0);
    }
}
