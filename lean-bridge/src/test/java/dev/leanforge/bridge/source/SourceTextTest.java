package dev.leanforge.bridge.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceTextTest {

    @Test
    void linesAndCodePointColumnsAreOneBased() {
        SourceText text = new SourceText("ab\n𝓝x\n\nz");
        assertThat(text.lineCount()).isEqualTo(4);
        assertThat(text.line(0)).isEqualTo(1);
        assertThat(text.line(3)).isEqualTo(2);
        assertThat(text.column(5)).as("after a surrogate pair").isEqualTo(2);
        assertThat(text.line(7)).isEqualTo(3);
        assertThat(text.lineStart(4)).isEqualTo(8);
        assertThat(text.column(8)).isEqualTo(1);
    }

    @Test
    void commonPrefixLength() {
        assertThat(SourceText.commonPrefixLength("import A\nx", "import B")).isEqualTo(7);
        assertThat(SourceText.commonPrefixLength("abc", "abcdef")).isEqualTo(3);
    }
}
