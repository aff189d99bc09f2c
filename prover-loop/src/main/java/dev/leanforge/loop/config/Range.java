package dev.leanforge.loop.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The values a number option or setting may take, and the words that name them in errors, {@code --help} and
 * docs/limits.md. Every duration, count and size the commands take has one ({@link Limit}), so that no value
 * overflows a clock, allocates without bound or starts threads without end, and a refused value's message names
 * the range: {@code must be a whole number between 1 and 10000; got 99999999999}.
 */
public sealed interface Range permits Range.Whole, Range.Decimal, Range.Seconds {

    /** What a value must be, to follow "must be": {@code a whole number between 1 and 64}. */
    String describe();

    /** The range alone, for {@code --help}: {@code 1 to 64}. */
    String allowed();

    /** The range as docs/limits.md gives it: like {@link #allowed()}, without this machine's numbers. */
    default String documented() {
        return allowed();
    }

    /** The value {@code text} gives, parsed to the option's type; refused with the range in the message. */
    Object parse(String text, Class<?> type);

    /**
     * Whole numbers in {@code [min, max]}.
     *
     * @param maxNote how {@code max} follows from the machine (e.g. {@code 4 × cores}), or empty when fixed
     */
    record Whole(long min, long max, String maxNote) implements Range {
        public Whole(long min, long max) {
            this(min, max, "");
        }

        public long parse(String text) {
            long value;
            try {
                value = Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                throw refused(this, text);
            }
            if (value < min || value > max) {
                throw refused(this, text);
            }
            return value;
        }

        /** The value as an int: every whole range of an int option or setting lies within an int's. */
        public int parseInt(String text) {
            return Math.toIntExact(parse(text));
        }

        @Override
        public Object parse(String text, Class<?> type) {
            return type == int.class || type == Integer.class ? (Object) parseInt(text) : (Object) parse(text);
        }

        @Override
        public String describe() {
            return "a whole number between " + min + " and " + max + note();
        }

        @Override
        public String allowed() {
            return min + " to " + max + note();
        }

        @Override
        public String documented() {
            return maxNote.isEmpty() ? allowed() : min + " to " + maxNote;
        }

        private String note() {
            return maxNote.isEmpty() ? "" : " (" + maxNote + ")";
        }
    }

    /** Numbers in {@code [min, max]}, or {@code (min, max]} when {@code minExclusive}. */
    record Decimal(double min, boolean minExclusive, double max) implements Range {
        public double parse(String text) {
            double value;
            try {
                value = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                throw refused(this, text);
            }
            boolean aboveMin = minExclusive ? value > min : value >= min;
            if (!(aboveMin && value <= max)) { // NaN fails both
                throw refused(this, text);
            }
            return value;
        }

        @Override
        public Object parse(String text, Class<?> type) {
            return parse(text);
        }

        @Override
        public String describe() {
            return minExclusive ? "a number in " + allowed() : "a number between " + plain(min) + " and " + plain(max);
        }

        @Override
        public String allowed() {
            return minExclusive ? "(" + plain(min) + ", " + plain(max) + "]" : plain(min) + " to " + plain(max);
        }
    }

    /** Seconds in {@code [min, max]}, as a duration to the millisecond. */
    record Seconds(double min, double max) implements Range {
        public Duration parse(String text) {
            double seconds;
            try {
                seconds = new Decimal(min, false, max).parse(text);
            } catch (IllegalArgumentException e) {
                throw refused(this, text);
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        }

        @Override
        public Object parse(String text, Class<?> type) {
            return parse(text);
        }

        @Override
        public String describe() {
            return "between " + plain(min) + " and " + plain(max) + " seconds";
        }

        @Override
        public String allowed() {
            return plain(min) + " to " + plain(max) + " seconds";
        }
    }

    private static IllegalArgumentException refused(Range range, String text) {
        return new IllegalArgumentException("must be " + range.describe() + "; got " + shown(text));
    }

    /** A number as written (1e400 stays 1e400); anything else quoted, so that an empty or odd text shows. */
    private static String shown(String text) {
        try {
            new BigDecimal(text.strip());
            return text.strip();
        } catch (NumberFormatException e) {
            return "\"" + text + "\"";
        }
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
