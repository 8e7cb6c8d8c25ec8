package org.threadrt.internal;

import java.util.function.Consumer;

/**
 * Ms parked waiting for work, LIFO through {@link M#schedlink} (Go's sched.midle): the M that idled last
 * is reused first, so the others can reach their idle timeout and exit (Go issue 14592). Doubly linked
 * through {@link M#schedprev}, so that an M whose idle timeout expired leaves it in constant time.
 *
 * <p>Synchronization: every field here and the link fields of the Ms on it are guarded by sched.lock;
 * every method must be called with it held.
 */
final class IdleList {
    private M head;
    private int size;

    /** Parks m on the list (it must hold no G). */
    void put(M m) {
        if (m.idle || m.exited) {
            throw new IllegalStateException(m + (m.idle ? " is already on the idle list" : " has exited"));
        }
        m.schedprev = null;
        m.schedlink = head;
        if (head != null) {
            head.schedprev = m;
        }
        head = m;
        m.idle = true;
        size++;
    }

    /** Takes the M that idled last, or returns null. */
    M get() {
        M m = head;
        if (m != null) {
            remove(m);
        }
        return m;
    }

    /** Takes a given M off the list (it timed out there). */
    void remove(M m) {
        if (!m.idle) {
            throw new IllegalStateException(m + " not on the idle list");
        }
        if (m.schedprev == null) {
            head = m.schedlink;
        } else {
            m.schedprev.schedlink = m.schedlink;
        }
        if (m.schedlink != null) {
            m.schedlink.schedprev = m.schedprev;
        }
        m.schedlink = m.schedprev = null;
        m.idle = false;
        size--;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return head == null;
    }

    /** Visits every M on the list, most recently idled first (the invariant check). */
    void forEach(Consumer<M> visit) {
        for (M m = head; m != null; m = m.schedlink) {
            visit.accept(m);
        }
    }
}
