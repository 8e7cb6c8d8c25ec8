package org.threadrt.stubgen;

import java.util.stream.Collectors;

/** Renders a library's C header ({@code threadrt.h}, {@code threadrt_testkit.h}) from its table. */
final class Header {
    private Header() {}

    private static final String SHIM_INTRO = """
            /* threadrt.h: the native ABI between the threadrt Java runtime and its per-platform shim.
             * Every integer is fixed-width (no long: it is 32 bits on Windows and 32-bit Linux).
             * Functions marked [BARE-safe] use no TLS, no errno and no libc: a BARE thread may call them.
             * Benchmark anchors, test drivers and BARE workloads are not here: threadrt_testkit.h. */
            #ifndef THREADRT_H
            #define THREADRT_H

            #include <stdint.h>

            #ifdef __cplusplus
            extern "C" {
            #endif

            """;

    private static final String SHIM_TYPES = """

            /* A thread body, a BARE function or a destructor. */
            typedef void (*trt_fn)(void *);

            /* The extra-M list of one runtime (trt_extra_push). Addresses are stored in 64-bit
             * words on every target, so Java sees one layout. */
            struct trt_extra_list {
                uint64_t head;    /* 0 empty, TRT_EXTRA_LOCKED while held, else the first struct trt_extra_m */
                uint64_t length;  /* Ms on the list; changed only by the holder */
            };

            /* The start of an extra M's 64-byte native block. */
            struct trt_extra_m {
                uint32_t park;       /* the M's note word (not used by the list) */
                uint32_t free_wait;  /* the M's freeWait word (not used by the list) */
                uint64_t next;       /* the next M's block on the list, or 0 */
                uint64_t list;       /* the struct trt_extra_list this M goes back to */
                int64_t id;          /* the M's number, for debugging */
            };

            /* The arg of trt_named_entry; addresses in 64-bit words on every target, as above. */
            struct trt_named_start {
                uint64_t java_vm;  /* the JavaVM* to attach to, or 0 (no attach: the entry's upcall attaches) */
                uint64_t entry;    /* the trt_fn to run once named and attached */
                uint64_t arg;      /* its argument */
                uint64_t name;     /* the thread's Java name (modified UTF-8, NUL-terminated), or 0 */
                uint64_t os_name;  /* the OS name, already cut to the OS's limit, or 0 */
            };

            """;

    private static final String TESTKIT_INTRO = """
            /* threadrt_testkit.h: the testkit library (libthreadrt_testkit), next to the shim but not part of
             * its ABI: benchmark anchors, test drivers and the BARE workloads the stress runner, the benchmarks
             * and the tests run. Built per target under the shim's rules; [BARE-safe] as in threadrt.h. */
            #ifndef THREADRT_TESTKIT_H
            #define THREADRT_TESTKIT_H

            #include <stdint.h>
            #include "threadrt.h" /* trt_fn, TRT_OK */

            #ifdef __cplusplus
            extern "C" {
            #endif

            """;

    private static final String TESTKIT_TYPES = """

            /* A callback taking a number (trt_test_call_threads). */
            typedef void (*trt_fn_i32)(int32_t);

            /* The argument of trt_work_lock_loop. */
            struct trt_lock_loop {
                uint32_t *key;       /* the lock word */
                uint64_t *counter;   /* incremented under the lock */
                int64_t iterations;  /* how many times */
            };

            """;

    static String render(NativeLib lib) {
        boolean shim = lib == NativeLib.SHIM;
        StringBuilder s = new StringBuilder();
        s.append(StubGen.banner("the ABI table " + lib.table())).append('\n');
        s.append(shim ? SHIM_INTRO : TESTKIT_INTRO);
        for (Abi.Const c : lib.constants()) {
            s.append("#define ").append(c.name()).append(' ').append(c.value() < 0 ? "(" + c.value() + ")" : c.value())
                    .append(" /* ").append(c.doc()).append(" */\n");
        }
        s.append(shim ? SHIM_TYPES : TESTKIT_TYPES);
        for (Abi.Fn f : lib.functions()) {
            s.append("/* ").append(f.doc().replace("\n", "\n * "));
            if (f.bareSafe()) {
                s.append(" [BARE-safe]");
            }
            s.append(" */\n");
            if (f.noReturn()) {
                s.append("__attribute__((noreturn)) ");
            }
            s.append(cDeclaration(f)).append(";\n\n");
        }
        s.append("""
                #ifdef __cplusplus
                }
                #endif

                #endif /* %s */
                """.formatted(shim ? "THREADRT_H" : "THREADRT_TESTKIT_H"));
        return s.toString();
    }

    static String cDeclaration(Abi.Fn f) {
        String params = f.params().isEmpty() ? "void"
                : f.params().stream().map(p -> spaced(p.type().c) + p.name()).collect(Collectors.joining(", "));
        return spaced(f.ret().c) + f.name() + "(" + params + ")";
    }

    private static String spaced(String cType) {
        return cType.endsWith("*") ? cType : cType + " ";
    }
}
