package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class LeanforgeCliTest {

    @Test
    void everySubcommandPrintsTheVersionItsHelpOffers() {
        for (String[] args : new String[][] {{"-V"}, {"check", "-V"}, {"campaign", "run", "--version"},
                {"train", "sft", "-V"}}) {
            StringWriter out = new StringWriter();
            int code = LeanforgeCli.commandLine().setOut(new PrintWriter(out)).execute(args);

            assertThat(code).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).isEqualTo("leanforge 0.1.0\n");
        }
    }
}
