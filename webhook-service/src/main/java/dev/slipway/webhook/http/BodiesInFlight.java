package dev.slipway.webhook.http;

import dev.slipway.webhook.WebhookConfiguration;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of webhook body bytes the service holds at once. A delivery's body must be read whole
 * before it can be authenticated (its repository, and so its secret, is named inside it), so
 * without a bound a flood of large unsigned bodies would fill the heap. A body takes its declared
 * length from the budget (the largest allowed when it declares none) until it is answered.
 */
@Singleton
public class BodiesInFlight {
    private final long budget;
    private final long maxBodySize;
    private final AtomicLong held = new AtomicLong();

    public BodiesInFlight(WebhookConfiguration configuration) {
        this.budget = configuration.bodiesInFlight();
        this.maxBodySize = configuration.maxBodySize();
    }

    /**
     * @param contentLength the request's declared length, or a negative number when it declares none
     * @return the bytes taken, to be given back with {@link #release}; 0 when the budget is spent
     */
    public long tryTake(long contentLength) {
        // A body larger than the limit is refused with 413 before it is read; it holds nothing.
        long wanted = Math.min(contentLength < 0 ? maxBodySize : Math.min(contentLength, maxBodySize), budget);
        long bytes = Math.max(1, wanted);
        while (true) {
            long current = held.get();
            if (current + bytes > budget) {
                return 0;
            }
            if (held.compareAndSet(current, current + bytes)) {
                return bytes;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    public long budget() {
        return budget;
    }

    /** The bytes taken now: by the deliveries admitted and not yet answered. */
    public long held() {
        return held.get();
    }
}
