package org.threadrt.jmh;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.threadrt.Note;
import org.threadrt.RuntimeConfig;
import org.threadrt.ThreadRuntime;

/**
 * Wake-to-run latency: a ping-pong between the benchmark thread and an echo thread, each waking the
 * other and sleeping until woken back. One operation is one hand-off (a round trip counts 2), so the
 * figure is the time from one thread's wakeup call to the other running after its sleep.
 * <ul>
 * <li>{@code note}: two {@link Note}s (futex on a native word through FFM downcalls; one-shot, cleared
 *     by their owner before it wakes the other side);</li>
 * <li>{@code parkUnpark}: the same protocol with a volatile flag each and
 *     {@link LockSupport#park()}/{@link LockSupport#unpark(Thread)}, what j.u.c builds on.</li>
 * </ul>
 * Both echo threads are plain platform threads (a Note slept on by a task M also registers with the
 * runtime's deadlock check, which this does not measure).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class WakeBench {

    /** The Note ping-pong: ping is the echo thread's note, pong the benchmark thread's. */
    @State(Scope.Benchmark)
    public static class Notes {
        ThreadRuntime runtime;
        Note ping;
        Note pong;
        volatile boolean stop;
        Thread echo;

        @Setup(Level.Trial)
        public void setUp() {
            runtime = ThreadRuntime.start(RuntimeConfig.builder().build());
            ping = runtime.newNote();
            pong = runtime.newNote();
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

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop = true;
            ping.wakeup();
            echo.join();
            runtime.close();
        }
    }

    /** The park/unpark ping-pong. */
    @State(Scope.Benchmark)
    public static class Parks {
        volatile boolean ping;
        volatile boolean pong;
        volatile boolean stop;
        volatile Thread caller;
        Thread echo;

        @Setup(Level.Trial)
        public void setUp() {
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

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            stop = true;
            ping = true;
            LockSupport.unpark(echo);
            echo.join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void note(Notes s) {
        s.pong.clear();
        s.ping.wakeup();
        s.pong.sleep();
    }

    @Benchmark
    @OperationsPerInvocation(2)
    public void parkUnpark(Parks s) {
        s.caller = Thread.currentThread();
        s.pong = false;
        s.ping = true;
        LockSupport.unpark(s.echo);
        while (!s.pong) {
            LockSupport.park(this);
        }
    }
}
