package org.threadrt.stress;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a stress run exercises; several run at once. */
public enum Workload {
    /** Tasks that lock their thread (lockOSThread) and return: each one makes its M exit. */
    CHURN("Ms that lock their thread and exit"),
    /** Tiny tasks handed to idle Ms: the scheduler's handoff and the idle list. */
    POOL("tiny tasks on idle Ms"),
    /** Bursts of tasks, then quiet: the extra Ms time out and exit. */
    IDLE("Ms that time out and exit"),
    /** Native threads calling back into Java: extra Ms (needm/dropm). */
    CALLBACK("native threads calling back"),
    /** Java Ms and C threads incrementing one counter under one RuntimeLock. */
    LOCK("Java Ms and C threads on one RuntimeLock"),
    /** Native-only threads: clone + exitThread, stacks reaped. */
    BARE("clone + exitThread");

    private final String description;

    Workload(String description) {
        this.description = description;
    }

    /** One line for help and reports. */
    public String description() {
        return description;
    }

    /** The command-line name, e.g. {@code churn}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list of names, or {@code all}. */
    public static Set<Workload> parseList(String list) {
        EnumSet<Workload> out = EnumSet.noneOf(Workload.class);
        for (String part : list.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("all")) {
                out.addAll(EnumSet.allOf(Workload.class));
                continue;
            }
            Workload found = null;
            for (Workload w : values()) {
                if (w.cliName().equals(p)) {
                    found = w;
                }
            }
            if (found == null) {
                throw new IllegalArgumentException("unknown workload '" + part.trim() + "' (valid: churn, pool, idle, "
                        + "callback, lock, bare, all)");
            }
            out.add(found);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no workload given (valid: churn, pool, idle, callback, lock, bare, all)");
        }
        return out;
    }
}
