package org.threadrt.workloads;

import java.util.concurrent.locks.LockSupport;

import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * Wake-to-run latency: a ping-pong between the calling thread and an echo thread, each waking the other and
 * sleeping until woken back. One operation of {@code run} is one round trip, which is {@link #HANDOFFS}
 * hand-offs: the figure per hand-off is the time from one thread's wakeup call to the other running after
 * its sleep. Both echo threads are plain platform threads (a Note slept on by a task M also registers with
 * the runtime's deadlock check, which this does not measure).
 */
public final class Wake {
    private Wake() {
    }

    /** Hand-offs per operation (a round trip). */
    public static final int HANDOFFS = 2;

    /**
     * Two {@link Note}s of a runtime of its own (futex on a native word through FFM downcalls; one-shot,
     * cleared by their owner before it wakes the other side): ping is the echo thread's, pong the caller's.
     */
    public static Workload notes() {
        return new Workload() {
            ThreadRuntime rt;
            Note ping;
            Note pong;
            volatile boolean stop;
            Thread echo;

            @Override
            public void open() {
                rt = ThreadRuntime.start(RuntimeConfig.builder().build());
                ping = rt.newNote();
                pong = rt.newNote();
                echo = Thread.ofPlatform().daemon().name("note-echo").start(() -> {
                    while (true) {
                        ping.sleep();
                        ping.clear();
                        if (stop) {
                            return;
                        }
                        pong.wakeup();
                    }
                });
            }

            @Override
            public void run(int n) {
                for (int i = 0; i < n; i++) {
                    pong.clear();
                    ping.wakeup();
                    pong.sleep();
                }
            }

            @Override
            public void close() throws Exception {
                if (echo != null) {
                    stop = true;
                    ping.wakeup();
                    echo.join();
                }
                Workload.closeAll(rt);
            }
        };
    }

    /** The same protocol with a volatile flag each and LockSupport park/unpark, what j.u.c builds on. */
    public static Workload parkUnpark() {
        return new Workload() {
            volatile boolean ping;
            volatile boolean pong;
            volatile boolean stop;
            volatile Thread caller;
            Thread echo;

            @Override
            public void open() {
                echo = Thread.ofPlatform().daemon().name("park-echo").start(() -> {
                    while (true) {
                        while (!ping) {
                            LockSupport.park(this);
                        }
                        ping = false;
                        if (stop) {
                            return;
                        }
                        pong = true;
                        LockSupport.unpark(caller);
                    }
                });
            }

            @Override
            public void run(int n) {
                caller = Thread.currentThread();
                for (int i = 0; i < n; i++) {
                    pong = false;
                    ping = true;
                    LockSupport.unpark(echo);
                    while (!pong) {
                        LockSupport.park(this);
                    }
                }
            }

            @Override
            public void close() throws InterruptedException {
                if (echo != null) {
                    stop = true;
                    ping = true;
                    LockSupport.unpark(echo);
                    echo.join();
                }
            }
        };
    }
}
