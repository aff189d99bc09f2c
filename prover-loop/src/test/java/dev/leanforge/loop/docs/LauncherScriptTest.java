package dev.leanforge.loop.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The {@code ./leanforge} launcher's first build shows progress: a line per module, not minutes of silence. */
class LauncherScriptTest {

    private static final Path LAUNCHER = Path.of("..").toAbsolutePath().normalize().resolve("leanforge");

    @Test
    void theBuildIsNotQuietAndItsOutputIsThinnedToALinePerModule() throws Exception {
        String script = Files.readString(LAUNCHER);
        Matcher build = Pattern.compile("\\./mvnw ([^)]*)\\)").matcher(script);
        assertThat(build.find()).as("the launcher builds with the wrapper").isTrue();
        assertThat(build.group(1)).as("Maven's own output is kept, then filtered").doesNotContain("-q");
        Matcher function = Pattern.compile("(?ms)^build_progress\\(\\) \\{.*?^}").matcher(script);
        assertThat(function.find()).as("a build_progress filter").isTrue();

        String maven = """
                [INFO] Scanning for projects...
                [INFO] Building leanforge lean-bridge 0.1.0-SNAPSHOT                    [2/4]
                [INFO] --- compiler:3.13.0:compile (default-compile) @ lean-bridge ---
                [INFO] Compiling 70 source files with javac [debug release 17] to target/classes
                Downloaded from central: https://repo.maven.apache.org/maven2/a.jar (1 kB at 2 kB/s)
                [ERROR] /src/A.java:[3,1] class, interface, enum, or record expected
                [INFO] BUILD FAILURE
                """;
        Process bash = new ProcessBuilder("bash", "-c", function.group() + "\nbuild_progress").start();
        bash.getOutputStream().write(maven.getBytes(StandardCharsets.UTF_8));
        bash.getOutputStream().close();
        String shown = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(shown.lines().toList()).containsExactly(
                "leanforge: Building leanforge lean-bridge 0.1.0-SNAPSHOT                    [2/4]",
                "[ERROR] /src/A.java:[3,1] class, interface, enum, or record expected",
                "leanforge: BUILD FAILURE");
    }

    @Test
    void theLauncherIsStillValidBash() throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", "-n", LAUNCHER.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
    }
}
