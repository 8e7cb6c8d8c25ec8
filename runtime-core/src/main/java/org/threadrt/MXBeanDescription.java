package org.threadrt;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.management.DescriptorKey;

/**
 * What an attribute of {@link ThreadRuntimeMXBean} means, as JMX clients show it: the text is the attribute's
 * {@code MBeanAttributeInfo.getDescription()} (JConsole's and VisualVM's tooltip), and {@link #units()} and
 * {@link #metricType()} become the standard {@code units} and {@code metricType} fields of its descriptor,
 * which JMX exporters (Prometheus' jmx_exporter, Micrometer's JMX registry) read.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface MXBeanDescription {
    /** {@return what the attribute counts or says, and since when (counters count from the runtime's start)} */
    String value();

    /** {@return the unit: {@code threads}, {@code tasks}, {@code stacks}, {@code ms}... or empty for none} */
    @DescriptorKey("units")
    String units() default "";

    /** {@return {@code counter} (only grows, from the runtime's start), {@code gauge} (a value now) or empty for a setting} */
    @DescriptorKey("metricType")
    String metricType() default "";
}
