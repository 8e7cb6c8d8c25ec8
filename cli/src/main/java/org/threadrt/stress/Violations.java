package org.threadrt.stress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invariant violations of a run: each has a name (which invariant) and the first message that broke
 * it, with a count of how many times it was seen. Thread-safe.
 */
public final class Violations {
    /** One broken invariant. */
    public record Violation(String invariant, String message, int times) {
        @Override
        public String toString() {
            return invariant + ": " + message + (times > 1 ? " (seen " + times + " times)" : "");
        }
    }

    private final Map<String, Violation> byName = new LinkedHashMap<>();
    private final List<String> checked = new ArrayList<>();

    /** Records that an invariant was checked (for the summary's "N invariants hold"). */
    public synchronized void checked(String invariant) {
        if (!checked.contains(invariant)) {
            checked.add(invariant);
        }
    }

    /** Checks a condition; records a violation when it is false. Returns the condition. */
    public boolean check(String invariant, boolean ok, String message) {
        checked(invariant);
        if (!ok) {
            add(invariant, message);
        }
        return ok;
    }

    /** Records a violation. */
    public synchronized void add(String invariant, String message) {
        checked(invariant);
        Violation v = byName.get(invariant);
        byName.put(invariant, v == null ? new Violation(invariant, message, 1)
                : new Violation(invariant, v.message(), v.times() + 1));
    }

    /** The violations, in the order first seen. */
    public synchronized List<Violation> list() {
        return List.copyOf(byName.values());
    }

    /** The invariants checked, in the order first checked. */
    public synchronized List<String> checkedInvariants() {
        return List.copyOf(checked);
    }

    /** Whether every invariant held. */
    public synchronized boolean allHold() {
        return byName.isEmpty();
    }
}
