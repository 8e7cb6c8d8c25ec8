package org.threadrt.stubgen;

import java.util.Map;

/**
 * Renders a target's assembly from its {@link Target.AsmSet}: {@code threadrt_asm.S} for the shim (all three
 * routines) and, on Linux, {@code threadrt_testkit_asm.S} for the testkit (only the raw syscall its BARE
 * workloads reach the kernel through, hidden: the testkit exports nothing of the shim's).
 */
final class Assembly {
    private Assembly() {}

    static String render(Target t) {
        return render(t, false);
    }

    static String renderTestkit(Target t) {
        return render(t, true);
    }

    private static String render(Target t, boolean testkit) {
        Target.AsmSet a = t.asm();
        boolean elf = !a.symbolPrefix().equals("_");
        Map<String, String> nr = t.linux() == null ? Map.of() : StubGen.syscallValues(t.linux());
        StringBuilder s = new StringBuilder();
        s.append(StubGen.banner("the platform table stubgen/src/main/java/org/threadrt/stubgen/Targets.java"))
                .append('\n');
        s.append("/* Assembly routines of the threadrt ").append(testkit ? "testkit" : "shim").append(" for ")
                .append(t.name()).append(".\n")
                .append(" * Internal symbols (trt__*) are hidden: BARE threads call them without a PLT. */\n");
        s.append(a.preamble());
        s.append("\t.text\n");
        if (!testkit) {
            function(s, t, elf, "trt_exit_thread", "trt__exit_thread",
                    "void trt_exit_thread(uint32_t *free_wait): store 0 with release semantics, then the\n"
                            + " * thread-exit syscall. The waiter on free_wait may unmap this stack as soon as it\n"
                            + " * sees 0, so no instruction after the store touches memory.",
                    StubGen.fill(a.exitThread(), nr, t.name() + " exitThread"));
        }
        if (a.rawSyscall() != null) {
            function(s, t, elf, null, "trt__raw_syscall6",
                    "long trt__raw_syscall6(long nr, long a1, ..., long a6): the kernel's result, -errno\n"
                            + " * on failure. Never touches errno, so BARE threads may use it.",
                    a.rawSyscall());
        }
        if (a.rawClone() != null && !testkit) {
            function(s, t, elf, null, "trt__raw_clone",
                    "long trt__raw_clone(unsigned long flags, void *stack_top, void (*fn)(void *), void *arg):\n"
                            + " * the parent gets the child's tid or -errno; the child runs fn(arg) on stack_top\n"
                            + " * and fn never returns (it ends in trt__exit_thread).",
                    StubGen.fill(a.rawClone(), nr, t.name() + " rawClone"));
        }
        if (elf) {
            s.append("\n\t.section\t.note.GNU-stack,\"\",").append(a.typeMarker()).append("progbits\n");
        }
        return s.toString();
    }

    /**
     * One function. exportedName, when given, is a second, default-visibility label at the
     * same address as the hidden one.
     */
    private static void function(StringBuilder s, Target t, boolean elf, String exportedName, String hiddenName,
                                 String doc, String body) {
        Target.AsmSet a = t.asm();
        String p = a.symbolPrefix();
        s.append("\n/* ").append(doc).append(" */\n");
        for (String name : exportedName == null ? new String[] {hiddenName} : new String[] {exportedName, hiddenName}) {
            s.append("\t.globl\t").append(p).append(name).append('\n');
            if (name.equals(hiddenName)) {
                s.append(elf ? "\t.hidden\t" : "\t.private_extern\t").append(p).append(name).append('\n');
            }
            if (elf) {
                s.append("\t.type\t").append(name).append(", ").append(a.typeMarker()).append("function\n");
            }
        }
        s.append("\t.p2align\t").append(a.align()).append('\n');
        if (exportedName != null) {
            s.append(p).append(exportedName).append(":\n");
        }
        s.append(p).append(hiddenName).append(":\n");
        s.append(body);
        if (elf) {
            if (exportedName != null) {
                s.append("\t.size\t").append(exportedName).append(", .-").append(exportedName).append('\n');
            }
            s.append("\t.size\t").append(hiddenName).append(", .-").append(hiddenName).append('\n');
        }
    }
}
