package dev.leanforge.trainer.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedLayoutAndReadsItBack() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("a.weight", new Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        tensors.put("b", new Tensor(new long[] {1}, new float[] {Float.MIN_VALUE}));
        Path file = dir.resolve("x.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));

        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = le.getLong(0);
        assertThat(headerLength % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
        assertThat(header.get("a.weight").get("dtype").asText()).isEqualTo("F32");
        assertThat(header.get("a.weight").get("shape").toString()).isEqualTo("[2,3]");
        assertThat(header.get("a.weight").get("data_offsets").toString()).isEqualTo("[0,24]");
        assertThat(header.get("b").get("data_offsets").toString()).isEqualTo("[24,28]");
        assertThat(bytes.length).isEqualTo(8 + headerLength + 28);
        assertThat(le.getFloat((int) (8 + headerLength) + 20)).isEqualTo(-6.5f);

        assertThat(Safetensors.read(file)).containsExactlyEntriesOf(tensors);
    }

    @Test
    void refusesOtherDtypesAndBrokenFilesWithTheFileName() throws IOException {
        // F16 (and BF16) are read, widened to float32; other dtypes are refused by name.
        Path f16 = dir.resolve("half.safetensors");
        byte[] json = "{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).putShort((short) 0x3c00);
        Files.write(f16, b.array());
        assertThat(Safetensors.read(f16).get("w").values()).containsExactly(1f);

        Path f64 = dir.resolve("double.safetensors");
        json = "{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        b = ByteBuffer.allocate(8 + json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json).putDouble(0);
        Files.write(f64, b.array());
        assertThatThrownBy(() -> Safetensors.read(f64)).isInstanceOf(IOException.class)
                .hasMessageContaining("double.safetensors").hasMessageContaining("F64");

        Path garbage = dir.resolve("garbage.safetensors");
        Files.writeString(garbage, "definitely not safetensors");
        assertThatThrownBy(() -> Safetensors.read(garbage)).isInstanceOf(IOException.class)
                .hasMessageContaining("garbage.safetensors");
    }
}
