package org.threadrt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.threadrt.RuntimeConfig;
import org.threadrt.StackPolicy;
import org.threadrt.ThreadStartException;
import org.threadrt.spi.Port;
import org.threadrt.testing.Await;
import org.threadrt.testing.JavaThreadsPort;

/**
 * Which thread creates each M (issue 10's rule, TemplateThread): only a clean M of the runtime creates
 * threads itself; plain threads, locked Ms, exiting Ms and other runtimes' Ms hand the start to the
 * template thread. The template runs no user code, ends with close(), restarts itself when it dies and
 * fails pending starts with ThreadStartException once it died too often. Java-threads port: what the
 * port sees is which thread asked it to start a thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TemplateThreadTest {
    /** Names of the threads that called the port's start methods, in order. */
    final List<String> starters = new CopyOnWriteArrayList<>();
    final JavaThreadsPort real = new JavaThreadsPort();
    final Port port = (Port) Proxy.newProxyInstance(Port.class.getClassLoader(), new Class<?>[] {Port.class},
            (proxy, method, args) -> {
                if (method.getName().startsWith("start")) {
                    starters.add(Thread.currentThread().getName());
                }
                try {
                    return method.invoke(real, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    Sched sched(String name, StackPolicy policy, int maxThreads) {
        return new Sched(RuntimeConfig.builder().name(name).stackPolicy(policy).maxThreads(maxThreads)
                .detectDeadlocks(false).build(), port, getClass().getClassLoader());
    }

    static GFuture<Object> submit(Sched s, Runnable r) {
        GFuture<Object> f = new GFuture<>(r, null);
        s.submit(f);
        return f;
    }

    static boolean isTemplate(String threadName, String runtime) {
        return threadName.startsWith("threadrt-template-" + runtime);
    }

    String lastStarter() {
        return starters.getLast();
    }

    @Test
    void aPlainThreadsSubmitIsStartedByTheTemplate() throws Exception {
        for (StackPolicy policy : List.of(StackPolicy.OS, StackPolicy.RUNTIME)) {
            Sched s = sched("plain", policy, 4);
            try {
                AtomicReference<String> ranOn = new AtomicReference<>();
                submit(s, () -> ranOn.set(Thread.currentThread().getName())).get();
                assertTrue(isTemplate(lastStarter(), "plain"), starters::toString);
                assertTrue(ranOn.get().matches(".*-\\d+-M\\d+"), "the task ran on an M, not on the template: " + ranOn);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void aCleanMStartsItsMsItself() throws Exception {
        Sched s = sched("clean", StackPolicy.RUNTIME, 4);
        try {
            CountDownLatch hold = new CountDownLatch(1);
            GFuture<Object> parent = submit(s, () -> {
                // no idle M: the child needs a new one, created by this (unlocked) M's thread
                submit(s, () -> { });
                await(hold);
            });
            Await.until(() -> starters.size() == 2, Duration.ofSeconds(10), starters::toString);
            assertTrue(starters.get(1).matches(".*-\\d+-M\\d+"), "started by the parent M: " + starters);
            hold.countDown();
            parent.get();
        } finally {
            s.close();
        }
    }

    @Test
    void aLockedMsSubmitAndItsReplacementAreStartedByTheTemplate() throws Exception {
        Sched s = sched("locked", StackPolicy.OS, 4);
        try {
            CountDownLatch hold = new CountDownLatch(1);
            GFuture<Object> parent = submit(s, () -> {
                CurrentM.lockOSThread();
                submit(s, () -> { });
                await(hold);
            });
            Await.until(() -> starters.size() == 2, Duration.ofSeconds(10), starters::toString);
            assertTrue(isTemplate(starters.get(1), "locked"), "a locked M asks the template: " + starters);
            hold.countDown();
            parent.get();
        } finally {
            s.close();
        }
        // maxThreads 1: the queued task's M is started from mexit of the dying locked M
        starters.clear();
        Sched one = sched("replacement", StackPolicy.OS, 1);
        try {
            CountDownLatch hold = new CountDownLatch(1);
            GFuture<Object> locked = submit(one, () -> {
                CurrentM.lockOSThread();
                await(hold);
            });
            Await.until(() -> starters.size() == 1, Duration.ofSeconds(10), starters::toString);
            GFuture<Object> queued = submit(one, () -> { });
            hold.countDown();
            locked.get();
            queued.get();
            assertEquals(2, starters.size(), starters::toString);
            assertTrue(isTemplate(starters.get(1), "replacement"), "mexit's replacement: " + starters);
        } finally {
            one.close();
        }
    }

    @Test
    void anotherRuntimesMIsNotACleanMOfThisOne() throws Exception {
        Sched a = sched("a", StackPolicy.OS, 2);
        Sched b = sched("b", StackPolicy.OS, 2);
        try {
            submit(a, () -> {
                try {
                    submit(b, () -> { }).get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).get();
            assertTrue(isTemplate(lastStarter(), "b"), starters::toString);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void bareMsFollowTheSameRule() throws Exception {
        Sched s = sched("bare", StackPolicy.RUNTIME, 4);
        try {
            MemorySegment fn = real.bareFunction(() -> { });
            MemorySegment arg = Arena.global().allocate(8);
            s.bare.await(s.startBare(fn, arg));
            assertTrue(isTemplate(lastStarter(), "bare"), "from the test thread: " + starters);
            submit(s, () -> s.bare.await(s.startBare(fn, arg))).get();
            assertTrue(lastStarter().matches(".*-\\d+-M\\d+"), "from an unlocked M: " + starters);
            submit(s, () -> {
                CurrentM.lockOSThread();
                s.bare.await(s.startBare(fn, arg));
            }).get();
            assertTrue(isTemplate(lastStarter(), "bare"), "from a locked M: " + starters);
        } finally {
            s.close();
        }
    }

    @Test
    void theTemplateRunsNoUserCodeAndEndsWithClose() throws Exception {
        AtomicBoolean childValueRan = new AtomicBoolean();
        InheritableThreadLocal<String> inherited = new InheritableThreadLocal<>() {
            @Override
            protected String childValue(String parent) {
                childValueRan.set(true);
                return parent;
            }
        };
        inherited.set("x");
        Sched s = sched("quiet", StackPolicy.OS, 2);
        Thread template = s.template.thread();
        assertFalse(childValueRan.get(), "creating the template ran an InheritableThreadLocal's childValue");
        List<String> ranOn = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            submit(s, () -> ranOn.add(Thread.currentThread().getName())).get();
        }
        assertTrue(ranOn.stream().noneMatch(n -> isTemplate(n, "quiet")), ranOn::toString);
        assertTrue(template.isAlive());
        s.close();
        assertFalse(template.isAlive(), "close() ended the template thread");
        assertNull(s.template.thread());
        // a start asked for after close fails instead of waiting for a template that is gone
        AtomicReference<ThreadStartException> why = new AtomicReference<>();
        s.template.handoff(startThatFailsWith(why));
        assertTrue(why.get().getMessage().contains("closed"), why.get()::getMessage);
    }

    @Test
    void aDeadTemplateStartsItsSuccessorWhichTakesOver() throws Exception {
        Sched s = sched("phoenix", StackPolicy.OS, 4);
        try {
            Thread first = s.template.thread();
            s.template.handoff(crash());
            Await.until(() -> s.template.thread() != first && s.template.thread() != null && !first.isAlive(),
                    Duration.ofSeconds(10), () -> "no successor");
            Thread second = s.template.thread();
            assertNotSame(first, second);
            submit(s, () -> { }).get(10, TimeUnit.SECONDS);
            assertEquals(second.getName(), lastStarter(), "the successor started the M");
            // a completed start resets the count: three more single deaths are survived too
            for (int i = 0; i < TemplateThread.MAX_DEATHS_IN_A_ROW; i++) {
                Thread before = s.template.thread();
                s.template.handoff(crash());
                Await.until(() -> s.template.thread() != before && s.template.thread() != null,
                        Duration.ofSeconds(10), () -> "no successor");
                submit(s, () -> { }).get(10, TimeUnit.SECONDS);
            }
        } finally {
            s.close();
        }
        assertNull(s.template.thread());
    }

    @Test
    void aTemplateThatKeepsDyingFailsPendingAndLaterStarts() throws Exception {
        Sched s = sched("doomed", StackPolicy.OS, 4);
        try {
            for (int i = 0; i <= TemplateThread.MAX_DEATHS_IN_A_ROW; i++) {
                s.template.handoff(crash());
            }
            GFuture<Object> pending = submit(s, () -> { });
            ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
            assertInstanceOf(RejectedExecutionException.class, e.getCause());
            assertInstanceOf(ThreadStartException.class, e.getCause().getCause());
            assertTrue(e.getCause().getCause().getMessage().contains("died"), e.getCause().getCause()::getMessage);
            Await.until(() -> s.template.thread() == null, Duration.ofSeconds(10), () -> "template still there");
            GFuture<Object> later = submit(s, () -> { });
            ExecutionException e2 = assertThrows(ExecutionException.class, () -> later.get(10, TimeUnit.SECONDS));
            assertInstanceOf(ThreadStartException.class, e2.getCause().getCause());
            MemorySegment fn = real.bareFunction(() -> { });
            assertThrows(ThreadStartException.class, () -> s.startBare(fn, Arena.global().allocate(8)));
            assertEquals(0, s.stats().mcount(), "the refused Ms were undone");
        } finally {
            s.close(); // still closes: nothing is alive
        }
        assertEquals(0, real.liveThreads());
    }

    private static TemplateThread.Start crash() {
        return new TemplateThread.Start() {
            @Override
            public void start() {
                throw new Error("test: the template thread dies");
            }

            @Override
            public void abandon(ThreadStartException why) {
            }
        };
    }

    private static TemplateThread.Start startThatFailsWith(AtomicReference<ThreadStartException> why) {
        return new TemplateThread.Start() {
            @Override
            public void start() {
                throw new AssertionError("ran after close");
            }

            @Override
            public void abandon(ThreadStartException e) {
                why.set(e);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
