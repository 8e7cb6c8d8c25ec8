package org.threadrt.workloads;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.ThreadRuntime;

/**
 * lock + increment + unlock: RuntimeLock (one native word shared with C) against ReentrantLock and
 * synchronized. One operation of a {@link Guarded} is one {@link Guarded#op()}; each kind of lock has its
 * own loop in its own class, so no call site is shared between them. {@link #contended} runs them on
 * several threads at once.
 */
public final class Locks {
    private Locks() {
    }

    /** A counter guarded by the lock under test. */
    public abstract static class Guarded implements Workload {
        long value;

        /** Lock, increment the counter, unlock; returns the new count. */
        public abstract long op();
    }

    /** A {@link RuntimeLock} of a runtime of its own. */
    public static final class OnRuntimeLock extends Guarded {
        private ThreadRuntime rt;
        private RuntimeLock lock;

        @Override
        public void open() {
            rt = ThreadRuntime.start(RuntimeConfig.builder().build());
            lock = rt.newLock();
        }

        @Override
        public long op() {
            lock.lock();
            try {
                return ++value;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run(int n) {
            for (int i = 0; i < n; i++) {
                op();
            }
        }

        @Override
        public void close() throws Exception {
            Workload.closeAll(rt);
        }
    }

    /** A {@link ReentrantLock}. */
    public static final class OnReentrantLock extends Guarded {
        private final ReentrantLock lock = new ReentrantLock();

        @Override
        public long op() {
            lock.lock();
            try {
                return ++value;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void run(int n) {
            for (int i = 0; i < n; i++) {
                op();
            }
        }
    }

    /** A {@code synchronized} block. */
    public static final class OnMonitor extends Guarded {
        private final Object monitor = new Object();

        @Override
        public long op() {
            synchronized (monitor) {
                return ++value;
            }
        }

        @Override
        public void run(int n) {
            for (int i = 0; i < n; i++) {
                op();
            }
        }
    }

    /**
     * The guarded counter on {@code threads} threads at once: {@code run(n)} starts them (not timed apart from
     * their start), opens a gate and waits until each has made n / threads operations. One thread: the
     * caller's own, uncontended.
     */
    public static Workload contended(Guarded guarded, int threads) {
        return new Workload() {
            @Override
            public void open() throws Exception {
                guarded.open();
            }

            @Override
            public void run(int n) throws Exception {
                if (threads == 1) {
                    guarded.run(n);
                    return;
                }
                CountDownLatch gate = new CountDownLatch(1);
                Thread[] ts = new Thread[threads];
                int per = Math.max(1, n / threads);
                for (int i = 0; i < threads; i++) {
                    ts[i] = Thread.ofPlatform().start(() -> {
                        try {
                            gate.await();
                            guarded.run(per);
                        } catch (Exception e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                gate.countDown();
                for (Thread t : ts) {
                    t.join();
                }
            }

            @Override
            public void close() throws Exception {
                guarded.close();
            }
        };
    }
}
