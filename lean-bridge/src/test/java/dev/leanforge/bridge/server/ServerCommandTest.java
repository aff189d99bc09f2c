package dev.leanforge.bridge.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

    @TempDir
    Path project;

    @Test
    void plainDirectoryUsesLeanServerWithoutReportDelay() {
        ServerCommand command = ServerCommand.standard(project);
        assertThat(command.argv()).containsExactly("lean", "--server", "-Dserver.reportDelayMs=0");
        assertThat(command.directory()).isEqualTo(project.toAbsolutePath());
    }

    @Test
    void lakeProjectsUseLakeServe() throws Exception {
        Files.writeString(project.resolve("lakefile.toml"), "name = \"p\"\n");
        assertThat(ServerCommand.standard(project).argv())
                .containsExactly("lake", "serve", "--", "-Dserver.reportDelayMs=0");
    }

    @Test
    void lakefileLeanCountsToo() throws Exception {
        Files.writeString(project.resolve("lakefile.lean"), "import Lake\n");
        assertThat(ServerCommand.standard(project).argv().get(0)).isEqualTo("lake");
    }

    @Test
    void toolchainBinDirectoryGivesAbsoluteExecutables() {
        Path bin = Path.of("/opt/elan/toolchains/v4.22.0/bin");
        assertThat(ServerCommand.standard(project, bin).argv().get(0)).isEqualTo(bin.resolve("lean").toString());
    }

    @Test
    void userCommandsRunThroughShInTheProjectDirectory() {
        ServerCommand command = ServerCommand.shell("java -cp 'a b.jar' Main --rules r.json", project);
        assertThat(command.argv()).containsExactly("sh", "-c", "java -cp 'a b.jar' Main --rules r.json");
        assertThat(command.processBuilder().directory()).isEqualTo(project.toAbsolutePath().toFile());
    }

    @Test
    void toStringReadsLikeAShellLineAndNamesTheDirectory() {
        ServerCommand command = ServerCommand.shell("lean --server", project);
        assertThat(command.toString()).isEqualTo("sh -c 'lean --server' (in " + project.toAbsolutePath() + ")");
        assertThat(ServerCommand.standard(project).toString())
                .isEqualTo("lean --server -Dserver.reportDelayMs=0 (in " + project.toAbsolutePath() + ")");
    }

    @Test
    void badInputIsRefusedWithAnExplanation() {
        Path missing = project.resolve("nope");
        assertThatThrownBy(() -> ServerCommand.standard(missing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ServerCommand.shell("  ", project)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
    }
}
