package org.threadrt.it;

import org.threadrt.RuntimeContractTest;
import org.threadrt.StackPolicy;
import org.threadrt.ffm.FfmPort;
import org.threadrt.spi.Port;

/** The runtime's whole contract on real OS threads with OS-allocated stacks. */
class FfmOsContractTest extends RuntimeContractTest {
    @Override
    protected Port port() {
        return new FfmPort();
    }

    @Override
    protected StackPolicy policy() {
        return StackPolicy.OS;
    }
}
