package org.threadrt.it;

import org.threadrt.stress.TrackingPort;
import org.threadrt.stress.ProcSelf;
import org.threadrt.ffm.FfmPort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.threadrt.RuntimeContractTest;
import org.threadrt.StackPolicy;
import org.threadrt.spi.Port;

/** The runtime's whole contract on real OS threads whose stacks the runtime maps and reaps. */
class FfmRuntimeStackContractTest extends RuntimeContractTest {
    @Override
    protected Port port() {
        return new TrackingPort(new FfmPort());
    }

    @Override
    protected StackPolicy policy() {
        return StackPolicy.RUNTIME;
    }

    @Override
    protected void afterClose(Port port) {
        assertEquals(0, ProcSelf.stillMapped(((TrackingPort) port).everMapped()),
                "stacks still in /proc/self/maps after close");
    }
}
