package org.threadrt;

import org.threadrt.spi.Port;
import org.threadrt.testing.JavaThreadsPort;

class JavaThreadsSyncTest extends SyncContractTest {
    private final JavaThreadsPort port = new JavaThreadsPort();

    @Override
    protected Port port() {
        return port;
    }
}
