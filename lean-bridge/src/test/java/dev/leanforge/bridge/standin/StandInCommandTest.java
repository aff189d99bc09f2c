package dev.leanforge.bridge.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StandInCommandTest {

    @Test
    void shellQuotingSurvivesShWordForWord() throws IOException, InterruptedException {
        List<String> words = List.of("plain", "with space", "it's", "$HOME", "back\\slash", "*", "\"dq\"", "a\nb", "");
        Process sh = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + StandInCommand.shellLine(words))
                .redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.split("\0", -1)).containsExactly(
                "plain", "with space", "it's", "$HOME", "back\\slash", "*", "\"dq\"", "a\nb", "", "");
    }

    @Test
    void argvRunsThisJvmWithThisClassPath() {
        Path rules = Path.of("some dir", "rules.json");
        List<String> argv = StandInCommand.argv(rules, Path.of("rec.jsonl"), true);
        assertThat(argv.get(0)).isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertThat(argv).containsSubsequence("-cp", System.getProperty("java.class.path"),
                LeanStandIn.class.getName(), "--rules", rules.toAbsolutePath().toString(),
                "--record", Path.of("rec.jsonl").toAbsolutePath().toString(), "--trace");
        assertThat(StandInCommand.argv(rules, null, false)).doesNotContain("--record", "--trace");
    }

    @Test
    void forRulesQuotesEveryWord() {
        String line = StandInCommand.forRules(Path.of("/tmp/it's here/rules.json"));
        assertThat(line).contains("'--rules' '/tmp/it'\\''s here/rules.json'");
    }
}
