package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The range of a number option, next to its {@code @Option}: {@link OptionLimits} (installed by
 * {@link LeanforgeCli#commandLine()}) makes the option refuse a value outside it as a usage error that names the
 * range, and adds the range to the option's {@code --help}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@interface Within {
    Limit value();
}
