package dev.leanforge.bridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTasksTest {

    @TempDir
    Path tmp;

    @Test
    void readsOneTaskPerLineSkippingBlankLines() throws Exception {
        Path file = Files.writeString(tmp.resolve("tasks.jsonl"), """
                {"header": "-- h", "theoremName": "t1", "statement": "theorem t1 : True :=", "proof": "trivial"}

                {"header": "-- h", "theoremName": "t2", "statement": "theorem t2 : 1 = 1 :=", "proof": "rfl"}
                """);
        assertThat(BenchTasks.read(file)).containsExactly(
                new CheckTask("-- h", "t1", "theorem t1 : True :=", "trivial"),
                new CheckTask("-- h", "t2", "theorem t2 : 1 = 1 :=", "rfl"));
    }

    @Test
    void aBadLineIsNamedWithFileAndLineNumber() throws Exception {
        Path file = Files.writeString(tmp.resolve("tasks.jsonl"), """
                {"header": "", "theoremName": "t1", "statement": "theorem t1 : True :=", "proof": "trivial"}
                {"header": "", "theoremName": "t2", "statement": "theorem t2 : True :="}
                """);
        assertThatThrownBy(() -> BenchTasks.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + ":2: not a task")
                .hasMessageContaining("header, theoremName");
    }

    @Test
    void anEmptyOrMissingFileIsRefused() throws Exception {
        assertThatThrownBy(() -> BenchTasks.read(tmp.resolve("absent.jsonl"))).hasMessageContaining("does not exist");
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n");
        assertThatThrownBy(() -> BenchTasks.read(empty)).hasMessageContaining("has no tasks");
    }

    @Test
    void generatedTasksAreDistinctTheoremsUnderOneHeader() {
        List<CheckTask> tasks = BenchTasks.generated(3);
        assertThat(tasks).extracting(CheckTask::theoremName)
                .containsExactly("leanforge_bench_0", "leanforge_bench_1", "leanforge_bench_2");
        assertThat(tasks).extracting(CheckTask::header).containsOnly(BenchTasks.GENERATED_HEADER);
        assertThat(tasks.get(2).declaration()).isEqualTo("theorem leanforge_bench_2 : 2 + 1 = 3 := by decide");
    }
}
