package org.threadrt.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The names of Ms' threads: what a thread dump, JFR's event thread and (through the port) the OS show.
 *
 * <p>A pattern is text with three placeholders: {@code {runtime}} (the runtime's configured name),
 * {@code {seq}} (the runtime's number in this JVM, 1 for the first runtime started, never reused, so two
 * runtimes of the same name still give different names, as {@code ForkJoinPool-1-worker-3} does) and
 * {@code {m}} (the M's number in its runtime). {@code {m}} is required, so that no two Ms of a runtime share
 * a name; any other brace, and any control character (a thread name reaches C as a NUL-terminated string
 * and a log line as one line), is refused.
 *
 * <p>Synchronization: the sequence is an AtomicLong; everything else is immutable.
 */
public final class ThreadNames {
    /** The default name of a task or BARE M: {@code threadrt-1-M3}. */
    public static final String DEFAULT_PATTERN = "{runtime}-{seq}-M{m}";
    /** The default Java name of a foreign thread while it holds an extra M: {@code threadrt-1-extra-M7}. */
    public static final String DEFAULT_EXTRA_PATTERN = "{runtime}-{seq}-extra-M{m}";

    private static final AtomicLong RUNTIMES = new AtomicLong();

    private ThreadNames() {
    }

    /** The next runtime's number in this JVM, from 1. */
    static long nextRuntimeSeq() {
        return RUNTIMES.incrementAndGet();
    }

    /**
     * Checks a pattern, returning null if it is fine or the reason it is not (for a message naming the
     * option: the caller knows which).
     */
    public static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "must not be blank";
        }
        boolean hasM = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters (found U+" + String.format("%04X", (int) c) + " at index "
                        + i + ")";
            }
            if (c == '}') {
                return "has a '}' at index " + i + " that closes no placeholder; the placeholders are {runtime}, "
                        + "{seq} and {m}";
            }
            if (c == '{') {
                int end = pattern.indexOf('}', i);
                String name = end < 0 ? null : pattern.substring(i + 1, end);
                if (name == null || !(name.equals("runtime") || name.equals("seq") || name.equals("m"))) {
                    return "has an unknown placeholder at index " + i + " ("
                            + (end < 0 ? "unclosed '{'" : "{" + name + "}") + "); the placeholders are {runtime}, "
                            + "{seq} and {m}";
                }
                hasM |= name.equals("m");
                i = end;
            }
        }
        if (!hasM) {
            return "must contain {m} (the M's number), or two Ms of a runtime would share a name";
        }
        return null;
    }

    /** The name a pattern gives M number {@code m} of runtime {@code runtime}, number {@code seq}. */
    static String format(String pattern, String runtime, long seq, long m) {
        StringBuilder s = new StringBuilder(pattern.length() + runtime.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '{') {
                s.append(c);
                continue;
            }
            int end = pattern.indexOf('}', i);
            switch (pattern.substring(i + 1, end)) {
                case "runtime" -> s.append(runtime);
                case "seq" -> s.append(seq);
                default -> s.append(m);
            }
            i = end;
        }
        return s.toString();
    }
}
