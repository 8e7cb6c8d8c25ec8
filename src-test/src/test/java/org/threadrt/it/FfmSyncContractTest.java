package org.threadrt.it;

import org.threadrt.SyncContractTest;
import org.threadrt.ffm.FfmPort;
import org.threadrt.spi.Port;

/** RuntimeLock and Note on real futexes. */
class FfmSyncContractTest extends SyncContractTest {
    @Override
    protected Port port() {
        return new FfmPort();
    }
}
