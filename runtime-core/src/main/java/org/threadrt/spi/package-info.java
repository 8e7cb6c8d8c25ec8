/**
 * The service-provider interface between the runtime and the operating system: {@link org.threadrt.spi.Port}.
 *
 * <p>Exported only to {@code org.threadrt.ffm}, the port for real machines. Tests of the runtime use a
 * port made of Java platform threads. Nothing in the runtime knows a syscall number; nothing in a port
 * knows a scheduling rule.
 */
package org.threadrt.spi;
