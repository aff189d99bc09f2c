package dev.leanforge.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format for float32
 * tensors: an unsigned 64-bit little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON mapping each
 * tensor name to {@code {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}} (offsets relative to the
 * end of the header), then the raw little-endian data. The header is padded with spaces to a multiple of 8 bytes
 * and may carry string metadata under {@code "__metadata__"}.
 */
public final class Safetensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "__metadata__";
    /** Refuse absurd headers before allocating them (real ones are a few KiB). */
    private static final long MAX_HEADER_BYTES = 100L << 20;

    private Safetensors() {}

    /** Writes {@code tensors} in iteration order, replacing {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) {
                throw new IllegalArgumentException("tensor name " + METADATA + " is reserved");
            }
            long bytes = 4L * e.getValue().values().length;
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", "F32");
            var shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, head);
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors.values()) {
                float[] v = t.values();
                int i = 0;
                while (i < v.length) {
                    chunk.clear();
                    int n = Math.min(v.length - i, chunk.capacity() / 4);
                    chunk.asFloatBuffer().put(v, i, n);
                    chunk.limit(4 * n);
                    writeFully(out, chunk);
                    i += n;
                }
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /**
     * Every tensor of {@code file} in header order.
     *
     * @throws IOException naming the file and the problem when it is not a float32 safetensors file
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(in, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(in, headerBytes, 8, file);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals(METADATA)) {
                    continue;
                }
                tensors.put(e.getKey(), readTensor(in, file, e.getKey(), e.getValue(), dataStart, dataLength));
            }
            return tensors;
        }
    }

    private static Tensor readTensor(FileChannel in, Path file, String name, JsonNode entry, long dataStart,
            long dataLength) throws IOException {
        String dtype = entry.path("dtype").asText();
        if (!dtype.equals("F32")) {
            throw new IOException(file + ": tensor " + name + " has dtype " + dtype + "; only F32 is supported");
        }
        JsonNode shapeNode = entry.path("shape");
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        long begin = entry.path("data_offsets").path(0).asLong(-1);
        long end = entry.path("data_offsets").path(1).asLong(-1);
        if (begin < 0 || end > dataLength || end - begin != 4 * count || count > Integer.MAX_VALUE) {
            throw new IOException(file + ": tensor " + name + " has data_offsets [" + begin + ", " + end
                    + "] that do not fit its shape or the file");
        }
        ByteBuffer bytes = in.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin)
                .order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        float[] values = new float[(int) count];
        floats.get(values);
        return new Tensor(shape, values);
    }

    private static void readFully(FileChannel in, ByteBuffer buffer, long position, Path file) throws IOException {
        long p = position;
        while (buffer.hasRemaining()) {
            int n = in.read(buffer, p);
            if (n < 0) {
                throw new IOException(file + ": truncated safetensors file");
            }
            p += n;
        }
    }
}
