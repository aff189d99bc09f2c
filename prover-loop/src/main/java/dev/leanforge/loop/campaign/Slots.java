package dev.leanforge.loop.campaign;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;

/**
 * A counting semaphore that never blocks: {@link #acquire} completes at once while there is room, else when a
 * {@link #release} makes room, first come first served. Confined to one Vert.x context, so it needs no lock.
 */
final class Slots {

    private final int limit;
    private final ArrayDeque<Promise<Void>> waiting = new ArrayDeque<>();
    private int used;

    Slots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("need at least one slot, got " + limit);
        }
        this.limit = limit;
    }

    Future<Void> acquire() {
        if (used < limit) {
            used++;
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        waiting.addLast(promise);
        return promise.future();
    }

    /** Gives a slot back: the longest waiter gets it, else it is free again. */
    void release() {
        Promise<Void> next = waiting.pollFirst();
        if (next != null) {
            next.complete(); // the slot passes on; used stays the same
        } else if (used > 0) {
            used--;
        } else {
            throw new IllegalStateException("released more slots than were acquired");
        }
    }

    int used() {
        return used;
    }
}
