package dev.leanforge.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@link SourceText} beyond its first lines, and {@link LeanNames}' {@code _root_} edge. */
class SourceValuesTest {

    @Test
    void aTextOfManyLinesKeepsEveryLineStart() {
        // 40 lines of "lineN": more than the first table holds, so the table must grow.
        String text = IntStream.range(0, 40).mapToObj(i -> "line" + i).collect(Collectors.joining("\n"));
        SourceText source = new SourceText(text);
        assertThat(source.text()).isSameAs(text);
        assertThat(source.lineCount()).isEqualTo(40);
        for (int line = 1; line <= 40; line++) {
            int start = source.lineStart(line);
            assertThat(text.substring(start)).startsWith("line" + (line - 1));
            assertThat(source.line(start)).isEqualTo(line);
            assertThat(source.column(start + 2)).isEqualTo(3);
        }
    }

    @Test
    void rootAloneIsAName() {
        // `_root_` anchors a longer name; on its own it is just a component.
        assertThat(LeanNames.sameName("_root_", "_root_._root_")).isTrue();
        assertThat(LeanNames.sameName("_root_", "")).isFalse();
        assertThat(LeanNames.sameName("_root_.a", "a")).isTrue();
    }
}
