package dev.leanforge.bridge.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Dotted Lean names with {@code «»} quoting: {@code Foo.«my thm»} has the components {@code Foo} and
 * {@code my thm}. Lean prints a component with guillemets only when it needs them, so two spellings of one name
 * are compared by their components.
 */
public final class LeanNames {
    private LeanNames() {
    }

    /** The components of a dotted name; a dot inside {@code «»} does not split. */
    public static List<String> components(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '«' && !quoted) {
                quoted = true;
            } else if (c == '»' && quoted) {
                quoted = false;
            } else if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    /** Equal as constants: component-wise, ignoring a leading {@code _root_} (which only anchors resolution). */
    public static boolean sameName(String a, String b) {
        return rooted(components(a.strip())).equals(rooted(components(b.strip())));
    }

    private static List<String> rooted(List<String> parts) {
        return parts.size() > 1 && parts.get(0).equals("_root_") ? parts.subList(1, parts.size()) : parts;
    }
}
