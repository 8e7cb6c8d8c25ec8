package org.threadrt.internal;

/**
 * The run queue: ready Gs that no M holds yet, FIFO through {@link G#schedlink} (Go's sched.runq in the
 * first scheduler: one global queue, no Ps).
 *
 * <p>Synchronization: every field is guarded by sched.lock; every method must be called with it held.
 */
final class RunQueue {
    private G head;
    private G tail;
    /** Gs on the queue (Go's sched.gwait). */
    private int size;

    /** Appends g. */
    void put(G g) {
        g.schedlink = null;
        if (tail == null) {
            head = g;
        } else {
            tail.schedlink = g;
        }
        tail = g;
        size++;
    }

    /** Puts g first: it was handed to an M that could not start, and keeps its place. */
    void putFront(G g) {
        g.schedlink = head;
        head = g;
        if (tail == null) {
            tail = g;
        }
        size++;
    }

    /** Takes the first G, or returns null. */
    G get() {
        G g = head;
        if (g != null) {
            head = g.schedlink;
            if (head == null) {
                tail = null;
            }
            g.schedlink = null;
            size--;
        }
        return g;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Walks the queue and returns its length, for the invariant check. */
    int walkedLength() {
        int n = 0;
        for (G g = head; g != null; g = g.schedlink) {
            n++;
        }
        return n;
    }
}
