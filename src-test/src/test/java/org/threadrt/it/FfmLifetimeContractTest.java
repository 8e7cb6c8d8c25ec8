package org.threadrt.it;

import org.junit.jupiter.api.Nested;
import org.threadrt.LifetimeContractTest;
import org.threadrt.StackPolicy;
import org.threadrt.ffm.FfmPort;
import org.threadrt.spi.Port;

/**
 * The lifetime and shutdown contract on real OS threads: shutdownNow racing real thread starts (where it
 * lost 35 of 50 tasks before the fix), words handed to the real futex, virtual threads against the real
 * futex downcall (which pins a carrier; the hang before the fix).
 */
class FfmLifetimeContractTest {
    @Nested
    class OsStacks extends LifetimeContractTest {
        @Override
        protected Port port() {
            return new FfmPort();
        }

        @Override
        protected StackPolicy policy() {
            return StackPolicy.OS;
        }
    }

    @Nested
    class RuntimeStacks extends LifetimeContractTest {
        @Override
        protected Port port() {
            return new FfmPort();
        }

        @Override
        protected StackPolicy policy() {
            return StackPolicy.RUNTIME;
        }
    }
}
