package org.threadrt.consumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.threadrt.MInfo;
import org.threadrt.RuntimeConfig;
import org.threadrt.RuntimeLock;
import org.threadrt.ThreadRuntime;

/**
 * What a user of org.threadrt:threadrt does, checked: a locked task, callbacks from a C thread, a lock
 * shared by tasks on several Ms and by those callbacks.
 *
 * <pre>
 *   Consumer module-path|class-path LIBRARY   run the checks; print "consumer on the ...: ok (...)", exit 0
 *   Consumer nothing-left DIR...              every DIR (a java.io.tmpdir of a run) is empty, exit 0
 * </pre>
 * Any failed check prints "consumer FAILED: ..." and exits 1.
 */
public final class Consumer {
    private static final List<String> failures = new ArrayList<>();

    // Written by the callback under the shared lock; read after the C thread was joined.
    private static long callbackSum;
    private static long counter;
    private static RuntimeLock sharedLock;
    private static final Set<String> callbackMs = ConcurrentHashMap.newKeySet();

    private Consumer() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length >= 1 && args[0].equals("nothing-left")) {
            for (int i = 1; i < args.length; i++) {
                try (Stream<Path> left = Files.list(Path.of(args[i]))) {
                    List<Path> found = left.toList();
                    check(found.isEmpty(), "the JVM left nothing in its java.io.tmpdir " + args[i] + ": " + found);
                }
            }
            finish("consumer: the runs left nothing behind in " + (args.length - 1) + " temporary directories");
            return;
        }
        String where = args[0];
        Path library = Path.of(args[1]);
        boolean modulePath = where.equals("module-path");
        check(Consumer.class.getModule().isNamed() == modulePath, "this program runs on the " + where);
        check(ThreadRuntime.class.getModule().isNamed() == modulePath
                        && (!modulePath || ThreadRuntime.class.getModule().getName().equals("org.threadrt")),
                "threadrt's API is module org.threadrt on the module path, unnamed on the class path: "
                        + ThreadRuntime.class.getModule());
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));

        String details;
        try (ThreadRuntime rt = ThreadRuntime.start(RuntimeConfig.builder().name("consumer").build());
             Arena arena = Arena.ofShared()) {
            details = lockedTask(rt) + "; " + callbacksAndSharedLock(rt, arena, library) + "; " + shimFromTheJar();
        }
        finish("consumer on the " + where.replace('-', ' ') + ": ok (" + details + ")");
    }

    /** A task that locks its OS thread runs on an M of its own, and that thread exits after it. */
    private static String lockedTask(ThreadRuntime rt) throws Exception {
        long mainTid = rt.submit(() -> ThreadRuntime.currentM().orElseThrow().tid()).get(60, TimeUnit.SECONDS);
        long exitsBefore = rt.stats().lockedExits();
        MInfo m = rt.submit(() -> {
            ThreadRuntime.lockOSThread();
            return ThreadRuntime.currentM().orElseThrow();
        }).get(60, TimeUnit.SECONDS);
        check(m.tid() > 0 && !m.extra(), "the locked task ran on a task M with an OS thread id: " + m);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
        while (rt.stats().lockedExits() == exitsBefore && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        check(rt.stats().lockedExits() == exitsBefore + 1, "the locked task's thread exited after it: " + rt.stats());
        return "locked task on M" + m.id() + " (tid " + m.tid() + ", another task ran on tid " + mainTid + ")";
    }

    /** Called from the C library's own thread: adds i under the shared lock. */
    static void onCall(int i) {
        sharedLock.lock();
        try {
            callbackSum += i;
            counter++;
        } finally {
            sharedLock.unlock();
        }
        MInfo m = ThreadRuntime.currentM().orElse(null);
        callbackMs.add(m == null ? "no M" : (m.extra() ? "extra M" : "task M") + m.id());
    }

    /**
     * The C library starts a pthread that calls back 1000 times while 4 tasks each add 10,000 under the
     * same RuntimeLock: every addition is counted once, and each callback ran on an extra M.
     */
    private static String callbacksAndSharedLock(ThreadRuntime rt, Arena arena, Path library) throws Throwable {
        sharedLock = rt.newLock();
        MethodHandle onCall = MethodHandles.lookup().findStatic(Consumer.class, "onCall",
                MethodType.methodType(void.class, int.class));
        MemorySegment callback = rt.callback(onCall, FunctionDescriptor.ofVoid(JAVA_INT), arena);
        SymbolLookup c = SymbolLookup.libraryLookup(library, arena);
        MethodHandle callFromNewThread = Linker.nativeLinker().downcallHandle(
                c.find("consumer_call_from_new_thread").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        int tasks = 4;
        int perTask = 10_000;
        int calls = 1000;
        List<Future<?>> adders = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            adders.add(rt.submit(() -> {
                for (int i = 0; i < perTask; i++) {
                    sharedLock.lock();
                    try {
                        counter++;
                    } finally {
                        sharedLock.unlock();
                    }
                }
            }));
        }
        int rc = (int) callFromNewThread.invokeExact(callback, calls);
        for (Future<?> f : adders) {
            f.get(120, TimeUnit.SECONDS);
        }
        check(rc == 0, "the C library started its thread: rc " + rc);
        sharedLock.lock();
        try {
            check(callbackSum == (long) calls * (calls - 1) / 2, "every callback from the C thread ran once: sum "
                    + callbackSum);
            check(counter == (long) tasks * perTask + calls, "the shared lock excluded: counter " + counter
                    + ", expected " + ((long) tasks * perTask + calls));
        } finally {
            sharedLock.unlock();
        }
        check(!callbackMs.isEmpty() && callbackMs.stream().allMatch(s -> s.startsWith("extra M")),
                "the callbacks ran on extra Ms: " + callbackMs);
        return calls + " callbacks from a C thread on " + callbackMs + ", " + tasks + "x" + perTask
                + " + " + calls + " additions under one RuntimeLock";
    }

    /** The shim this JVM mapped is the jar's, copied into a fresh directory under java.io.tmpdir. */
    private static String shimFromTheJar() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        List<String> shims;
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            shims = maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(p -> p.endsWith("/libthreadrt.so"))
                    .distinct().toList();
        }
        check(shims.size() == 1 && Path.of(shims.get(0)).getParent().getParent().equals(tmp)
                        && Path.of(shims.get(0)).getParent().getFileName().toString().startsWith("threadrt-"),
                "the shim was extracted from the jar into " + tmp + "/threadrt-*: mapped " + shims);
        return "shim " + (shims.isEmpty() ? "?" : shims.get(0));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            failures.add(what);
        }
    }

    private static void finish(String okLine) {
        if (failures.isEmpty()) {
            System.out.println(okLine);
            System.exit(0);
        }
        failures.forEach(f -> System.out.println("consumer FAILED: " + f));
        System.exit(1);
    }
}
