// The JVM smoke program of platforms/jvm-smoke: runs one target's shim and testkit through
// runtime-ffm's loader (NativeShim, internal/NativeLoader: SymbolLookup.libraryLookup of the
// files named by -Dthreadrt.shim.path and -Dthreadrt.testkit.path, which this program sets)
// and the generated FFM bindings (threadrt_h; the testkit's threadrt_testkit_h, which lives with
// its users in workloads/, org.threadrt.workloads.natives) on that
// target's own JDK, under qemu-user-static. Hand-written, not generated; default package on
// purpose (compiled together with those sources into a temp dir, never part of a module).
//
//   java --enable-native-access=ALL-UNNAMED -cp DIR Smoke SHIM TESTKIT [TARGET]
//
// SHIM "--from-jar": the loader's own way instead, from a copy of the entry jar on the class path
// (platforms/jvm-smoke's jar case): no shim path is set; the shim must come out of the jar, into a
// fresh owner-only directory under java.io.tmpdir, matching the SHA-256 the jar records for TARGET.
//
// Prints one line per check ("ok   ..." or "FAIL ...") and ends with
// "smoke TARGET: N passed, M failed"; exit status 0 only if every check passed.

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import java.nio.file.Path;

import org.threadrt.ffm.NativeShim;
import org.threadrt.ffm.bind.threadrt_h;
import org.threadrt.workloads.natives.threadrt_testkit_h;
import org.threadrt.workloads.natives.trt_lock_loop;

public final class Smoke {
    static final int OS_THREADS = 200;
    static final int RUNTIME_THREADS = 50;
    static final int BARE_THREADS = 50;
    /** Stacks of threads that run Java: well above HotSpot's guard + shadow zones on every arch. */
    static final long JAVA_STACK = 1024 * 1024;
    static final long BARE_STACK = 64 * 1024;
    static final long WAIT_LIMIT_NS = 90_000_000_000L;   // per phase; qemu is slow, not this slow

    /** Upcall arguments: OS thread i is i, RUNTIME-stack thread i is RUNTIME_BASE + i. */
    static final int RUNTIME_BASE = 100_000;
    static final AtomicIntegerArray osRuns = new AtomicIntegerArray(OS_THREADS);
    static final AtomicIntegerArray runtimeRuns = new AtomicIntegerArray(RUNTIME_THREADS);
    static final AtomicInteger osDone = new AtomicInteger();
    static final AtomicInteger runtimeDone = new AtomicInteger();
    static final Set<String> osNames = ConcurrentHashMap.newKeySet();
    static final Set<String> runtimeNames = ConcurrentHashMap.newKeySet();
    static final AtomicInteger upcallErrors = new AtomicInteger();
    static final AtomicReference<Throwable> firstUpcallError = new AtomicReference<>();

    static final VarHandle INT = JAVA_INT.varHandle();
    static final VarHandle LONG = JAVA_LONG.varHandle();

    static int passed, failed;

    static void check(boolean ok, String what, String detail) {
        if (ok) passed++; else failed++;
        System.out.println((ok ? "ok   " : "FAIL ") + what + (detail.isEmpty() ? "" : " (" + detail + ")"));
        System.out.flush();
    }

    /** The upcall every shim-started thread runs: void entry(void *arg). Never lets a Throwable out. */
    static void entry(MemorySegment arg) {
        try {
            int id = (int) arg.address();
            String name = Thread.currentThread().getName();
            if (id >= RUNTIME_BASE) {
                runtimeRuns.incrementAndGet(id - RUNTIME_BASE);
                runtimeNames.add(name);
                runtimeDone.incrementAndGet();
            } else {
                osRuns.incrementAndGet(id);
                osNames.add(name);
                osDone.incrementAndGet();
            }
        } catch (Throwable t) {
            upcallErrors.incrementAndGet();
            firstUpcallError.compareAndSet(null, t);
        }
    }

    static boolean awaitCount(AtomicInteger counter, int want) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_LIMIT_NS;
        while (counter.get() < want) {
            if (System.nanoTime() - deadline > 0) return false;
            Thread.sleep(1);
        }
        return true;
    }

    /** Waits until the 32-bit word reads 0, sleeping in trt_futex_wait with a timeout. */
    static boolean awaitZero(MemorySegment word, long deadline) {
        while ((int) INT.getVolatile(word, 0L) != 0) {
            if (System.nanoTime() - deadline > 0) return false;
            threadrt_h.trt_futex_wait(word, 1, 20_000_000L);
        }
        return true;
    }

    static int countRuns(AtomicIntegerArray runs, int times) {
        int n = 0;
        for (int i = 0; i < runs.length(); i++) if (runs.get(i) == times) n++;
        return n;
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: Smoke SHIM TESTKIT [TARGET]");
            System.exit(2);
        }
        String shim = args[0];
        String testkit = args[1];
        String target = args.length > 2 ? args[2] : "?";
        long t0 = System.nanoTime();
        System.out.println("smoke " + target + ": java " + System.getProperty("java.vm.version") + " on "
                + System.getProperty("os.arch") + ", shim " + shim);
        try {
            run(shim, testkit, target);
        } catch (Throwable t) {
            check(false, "no exception escaped the smoke program", t.toString());
            t.printStackTrace(System.out);
        }
        System.out.printf("smoke %s: %d passed, %d failed (%.1f s in the JVM)%n", target, passed, failed,
                (System.nanoTime() - t0) / 1e9);
        System.out.flush();
        // Shim threads may still be leaving their upcall stubs (global arena: never freed).
        System.exit(failed == 0 && passed > 0 ? 0 : 1);
    }

    static String sha256(Path file) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.nio.file.Files.readAllBytes(file)));
        } catch (Exception e) {
            return e.toString();
        }
    }

    static void run(String shim, String testkit, String target) throws Throwable {
        // The bindings take their SymbolLookups from the loader on first use; it finds the files here.
        boolean fromJar = shim.equals("--from-jar");
        if (!fromJar) {
            System.setProperty(NativeShim.PATH_PROPERTY, shim);
        }
        System.setProperty("threadrt.testkit.path", testkit);
        NativeShim.Status status = NativeShim.status();
        if (fromJar) {
            Path file = status.file().orElse(Path.of("none"));
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            String recorded = NativeShim.packedShims().stream().filter(p -> p.platform().equals(target))
                    .map(NativeShim.PackedShim::sha256).findFirst().orElse("none recorded");
            String actual = sha256(file);
            String jar = NativeShim.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            check(status.loaded() && file.getParent() != null && tmp.equals(file.getParent().getParent())
                            && file.getParent().getFileName().toString().startsWith("threadrt-")
                            && java.nio.file.Files.getPosixFilePermissions(file.getParent())
                                    .equals(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))
                            && recorded.equals(actual) && jar.endsWith(".jar"),
                    "loader: the shim came out of the jar (" + jar + ") into a fresh 0700 directory, SHA-256 as recorded",
                    status.problem().orElse(file + " sha256 " + actual + ", recorded " + recorded));
        }
        NativeShim.Companion kit = threadrt_testkit_h.library();
        check(status.loaded() && (fromJar || status.file().equals(java.util.Optional.of(Path.of(shim).toAbsolutePath())))
                        && kit.file().equals(Path.of(testkit).toAbsolutePath())
                        && threadrt_testkit_h.trt_testkit_abi_version() == threadrt_testkit_h.TRT_TESTKIT_ABI_VERSION(),
                "loader: the shim and the testkit opened from the files named, ABI versions checked",
                status.problem().orElse("testkit " + kit.file()));

        int abi = threadrt_h.trt_abi_version();
        check(abi == threadrt_h.TRT_ABI_VERSION(), "trt_abi_version() == TRT_ABI_VERSION",
                abi + " vs " + threadrt_h.TRT_ABI_VERSION());
        String platform = threadrt_h.trt_platform().reinterpret(64).getString(0);
        check(target.equals("?") || platform.equals(target), "trt_platform() names the target", platform);
        long page = threadrt_h.trt_page_size();
        check(page >= 4096 && Long.bitCount(page) == 1, "trt_page_size() is a power of two >= 4096", page + "");

        Linker linker = Linker.nativeLinker();
        MemorySegment stub = linker.upcallStub(
                MethodHandles.lookup().findStatic(Smoke.class, "entry",
                        MethodType.methodType(void.class, MemorySegment.class)),
                FunctionDescriptor.ofVoid(ADDRESS), Arena.global());
        Arena arena = Arena.ofShared();   // kept open until exit: native threads write into it

        // 1. OS threads (trt_thread_start), each upcalling into Java.
        long t = System.nanoTime();
        int startErrors = 0;
        for (int i = 0; i < OS_THREADS; i++) {
            if (threadrt_h.trt_thread_start(stub, MemorySegment.ofAddress(i), JAVA_STACK) != threadrt_h.TRT_OK())
                startErrors++;
        }
        boolean all = awaitCount(osDone, OS_THREADS - startErrors);
        String mainName = Thread.currentThread().getName();
        check(startErrors == 0 && all && countRuns(osRuns, 1) == OS_THREADS,
                "OS threads: " + OS_THREADS + " trt_thread_start threads upcalled once each",
                String.format("%d ran, %d start errors, %.2f s", osDone.get(), startErrors, (System.nanoTime() - t) / 1e9));
        check(osNames.size() == OS_THREADS && !osNames.contains(mainName),
                "OS threads: each attached as its own Java thread", osNames.size() + " distinct names, e.g. "
                        + osNames.stream().sorted().findFirst().orElse("none"));

        // 2. RUNTIME-stack threads (trt_thread_start_on_stack): the kernel zeroes free_wait at exit.
        t = System.nanoTime();
        long size = (JAVA_STACK + page - 1) / page * page;
        MemorySegment[] stacks = new MemorySegment[RUNTIME_THREADS];
        MemorySegment freeWait = arena.allocate(JAVA_INT, RUNTIME_THREADS);
        startErrors = 0;
        for (int i = 0; i < RUNTIME_THREADS; i++) {
            MemorySegment fw = freeWait.asSlice(4L * i, 4);
            INT.setVolatile(fw, 0L, 1);
            stacks[i] = threadrt_h.trt_stack_map(size, page);
            if (stacks[i].address() == 0
                    || threadrt_h.trt_thread_start_on_stack(stub, MemorySegment.ofAddress(RUNTIME_BASE + i),
                            MemorySegment.ofAddress(stacks[i].address() + page), size, fw) != threadrt_h.TRT_OK()) {
                startErrors++;
                INT.setVolatile(fw, 0L, 0);
            }
        }
        long deadline = System.nanoTime() + WAIT_LIMIT_NS;
        int reaped = 0;
        for (int i = 0; i < RUNTIME_THREADS; i++) {
            if (awaitZero(freeWait.asSlice(4L * i, 4), deadline) && stacks[i].address() != 0
                    && threadrt_h.trt_stack_unmap(stacks[i], size, page) == threadrt_h.TRT_OK())
                reaped++;
        }
        check(startErrors == 0 && countRuns(runtimeRuns, 1) == RUNTIME_THREADS,
                "RUNTIME stack: " + RUNTIME_THREADS + " trt_thread_start_on_stack threads upcalled once each",
                runtimeDone.get() + " ran, " + startErrors + " start errors, stack " + size + " + guard " + page);
        check(reaped == RUNTIME_THREADS, "RUNTIME stack: free_wait read 0 (futex) and every stack unmapped",
                String.format("%d reaped, %.2f s", reaped, (System.nanoTime() - t) / 1e9));

        // 3. BARE threads (trt_bare_start): raw clones running trt_work_count on a shared counter.
        t = System.nanoTime();
        MemorySegment counter = arena.allocate(JAVA_LONG);
        MemorySegment bareWait = arena.allocate(JAVA_INT, BARE_THREADS);
        MemorySegment tid = arena.allocate(JAVA_LONG);
        long bareSize = (BARE_STACK + page - 1) / page * page;
        MemorySegment[] bareStacks = new MemorySegment[BARE_THREADS];
        startErrors = 0;
        int badTids = 0;
        for (int i = 0; i < BARE_THREADS; i++) {
            MemorySegment fw = bareWait.asSlice(4L * i, 4);
            INT.setVolatile(fw, 0L, 1);
            LONG.setVolatile(tid, 0L, 0L);
            bareStacks[i] = threadrt_h.trt_stack_map(bareSize, page);
            if (bareStacks[i].address() == 0
                    || threadrt_h.trt_bare_start(threadrt_testkit_h.trt_work_count$address(), counter,
                            MemorySegment.ofAddress(bareStacks[i].address() + page), bareSize, fw, MemorySegment.NULL, tid)
                            != threadrt_h.TRT_OK()) {
                startErrors++;
                INT.setVolatile(fw, 0L, 0);
            } else if ((long) LONG.getVolatile(tid, 0L) <= 0) {
                badTids++;
            }
        }
        deadline = System.nanoTime() + WAIT_LIMIT_NS;
        reaped = 0;
        for (int i = 0; i < BARE_THREADS; i++) {
            if (awaitZero(bareWait.asSlice(4L * i, 4), deadline) && bareStacks[i].address() != 0
                    && threadrt_h.trt_stack_unmap(bareStacks[i], bareSize, page) == threadrt_h.TRT_OK())
                reaped++;
        }
        long count = (long) LONG.getVolatile(counter, 0L);
        check(startErrors == 0 && badTids == 0 && count == BARE_THREADS,
                "BARE: " + BARE_THREADS + " trt_bare_start(trt_work_count) threads counted",
                "counter " + count + ", " + startErrors + " start errors, " + badTids + " bad tids");
        check(reaped == BARE_THREADS, "BARE: free_wait read 0 and every stack unmapped",
                String.format("%d reaped, %.2f s", reaped, (System.nanoTime() - t) / 1e9));

        // 4. futex: a timed wait on an unchanged word times out; a changed word returns at once.
        MemorySegment word = arena.allocate(JAVA_INT);
        INT.setVolatile(word, 0L, 0);
        t = System.nanoTime();
        int rc = threadrt_h.trt_futex_wait(word, 0, 20_000_000L);
        long waited = System.nanoTime() - t;
        check(rc == threadrt_h.TRT_TIMEDOUT() && waited >= 15_000_000L, "futex: timed wait returns TRT_TIMEDOUT",
                "rc " + rc + " after " + waited / 1_000_000 + " ms of 20");
        rc = threadrt_h.trt_futex_wait(word, 7, 5_000_000_000L);
        check(rc == threadrt_h.TRT_OK(), "futex: wait on a changed word returns TRT_OK", "rc " + rc);

        // 5. lock: BARE threads in trt_work_lock_loop and this Java thread share one lock word.
        t = System.nanoTime();
        final int lockers = 4, perLocker = 20_000, javaIncrements = 2_000;
        MemorySegment key = arena.allocate(JAVA_INT);
        MemorySegment locked = arena.allocate(JAVA_LONG);
        MemorySegment loop = trt_lock_loop.allocate(arena);
        trt_lock_loop.key(loop, key);
        trt_lock_loop.counter(loop, locked);
        trt_lock_loop.iterations(loop, perLocker);
        MemorySegment lockWait = arena.allocate(JAVA_INT, lockers);
        MemorySegment[] lockStacks = new MemorySegment[lockers];
        startErrors = 0;
        for (int i = 0; i < lockers; i++) {
            MemorySegment fw = lockWait.asSlice(4L * i, 4);
            INT.setVolatile(fw, 0L, 1);
            lockStacks[i] = threadrt_h.trt_stack_map(bareSize, page);
            if (lockStacks[i].address() == 0
                    || threadrt_h.trt_bare_start(threadrt_testkit_h.trt_work_lock_loop$address(), loop,
                            MemorySegment.ofAddress(lockStacks[i].address() + page), bareSize, fw,
                            MemorySegment.NULL, MemorySegment.NULL) != threadrt_h.TRT_OK()) {
                startErrors++;
                INT.setVolatile(fw, 0L, 0);
            }
        }
        for (int i = 0; i < javaIncrements; i++) {
            threadrt_h.trt_lock(key);
            locked.set(JAVA_LONG, 0, locked.get(JAVA_LONG, 0) + 1);
            threadrt_h.trt_unlock(key);
        }
        deadline = System.nanoTime() + WAIT_LIMIT_NS;
        reaped = 0;
        for (int i = 0; i < lockers; i++) {
            if (awaitZero(lockWait.asSlice(4L * i, 4), deadline) && lockStacks[i].address() != 0
                    && threadrt_h.trt_stack_unmap(lockStacks[i], bareSize, page) == threadrt_h.TRT_OK())
                reaped++;
        }
        long want = (long) lockers * perLocker + javaIncrements;
        count = (long) LONG.getVolatile(locked, 0L);
        check(startErrors == 0 && reaped == lockers && count == want
                        && (int) INT.getVolatile(key, 0L) == 0,
                "lock: trt_work_lock_loop BARE threads and Java share one trt_lock word",
                String.format("counter %d of %d, %d start errors, %d reaped, word %d, %.2f s", count, want,
                        startErrors, reaped, (int) INT.getVolatile(key, 0L), (System.nanoTime() - t) / 1e9));

        check(upcallErrors.get() == 0, "no Throwable inside an upcall",
                upcallErrors.get() == 0 ? "" : upcallErrors.get() + ", first " + firstUpcallError.get());
    }
}
