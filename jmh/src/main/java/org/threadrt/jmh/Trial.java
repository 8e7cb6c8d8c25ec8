package org.threadrt.jmh;

import java.util.ArrayDeque;
import java.util.Deque;

import org.threadrt.workloads.Workload;

/** The workloads a benchmark class opens for a trial, closed together after it (the last opened first). */
final class Trial implements AutoCloseable {
    private final Deque<Workload> opened = new ArrayDeque<>();

    /** Opens the workload and returns it. */
    <W extends Workload> W open(W workload) throws Exception {
        workload.open();
        opened.push(workload);
        return workload;
    }

    @Override
    public void close() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }
}
