package dev.leanforge.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
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

    /** Writes {@code tensors} as float32 in iteration order, replacing {@code file} atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, "F32");
    }

    /**
     * Writes {@code tensors} in iteration order as {@code dtype} ({@code "F32"} or {@code "BF16"}, the latter rounded
     * to nearest, ties to even, as PyTorch converts), replacing {@code file} atomically.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, String dtype)
            throws IOException {
        if (!dtype.equals("F32") && !dtype.equals("BF16")) {
            throw new IllegalArgumentException("can write F32 or BF16, not " + dtype);
        }
        int width = dtype.equals("F32") ? 4 : 2;
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
            long bytes = (long) width * e.getValue().values().length;
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", dtype);
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
                    if (width == 4) {
                        chunk.asFloatBuffer().put(v, i, n);
                    } else {
                        ShortBuffer shorts = chunk.asShortBuffer();
                        for (int j = 0; j < n; j++) {
                            shorts.put(j, floatToBf16(v[i + j]));
                        }
                    }
                    chunk.limit(width * n);
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
     * Every tensor of {@code file} in header order, converted to float32 (F32, BF16 and F16 are read).
     *
     * @throws IOException naming the file and the problem when it is not a safetensors file of those dtypes
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        try (Reader reader = open(file)) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : reader.names()) {
                tensors.put(name, reader.tensor(name));
            }
            return tensors;
        }
    }

    /** Opens {@code file} for reading tensors one at a time from a memory map (see {@link Reader}). */
    public static Reader open(Path file) throws IOException {
        return new Reader(file);
    }

    /** A stored tensor's description: dtype, shape and byte range relative to the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {

        /** Number of elements. */
        public long count() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * One safetensors file, opened once: the header is parsed when it opens, and each tensor is read on request from a
     * read-only memory map of its bytes and converted to float32, so a caller that loads tensors one by one (into
     * native memory, say) never holds more than one of them on the heap.
     */
    public static final class Reader implements AutoCloseable {

        private final Path file;
        private final FileChannel in;
        private final long dataStart;
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();

        private Reader(Path file) throws IOException {
            this.file = file;
            this.in = FileChannel.open(file, StandardOpenOption.READ);
            try {
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
                if (header == null || !header.isObject()) {
                    throw new IOException(file + ": not a safetensors file (the header is not a JSON object)");
                }
                dataStart = 8 + headerLength;
                long dataLength = size - dataStart;
                for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().equals(METADATA)) {
                        e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                        continue;
                    }
                    entries.put(e.getKey(), entry(file, e.getKey(), e.getValue(), dataLength));
                }
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        private static Entry entry(Path file, String name, JsonNode node, long dataLength) throws IOException {
            String dtype = node.path("dtype").asText();
            int width = bytesPerElement(dtype);
            if (width == 0) {
                throw new IOException(file + ": tensor " + name + " has dtype " + dtype
                        + "; only F32, BF16 and F16 are supported");
            }
            JsonNode shapeNode = node.path("shape");
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong();
                if (shape[i] < 0) {
                    throw new IOException(file + ": tensor " + name + " has a negative dimension");
                }
                count *= shape[i];
            }
            long begin = node.path("data_offsets").path(0).asLong(-1);
            long end = node.path("data_offsets").path(1).asLong(-1);
            if (begin < 0 || end > dataLength || end - begin != width * count) {
                throw new IOException(file + ": tensor " + name + " has data_offsets [" + begin + ", " + end
                        + "] that do not fit its shape or the file");
            }
            return new Entry(name, dtype, shape, begin, end);
        }

        private static int bytesPerElement(String dtype) {
            return switch (dtype) {
                case "F32" -> 4;
                case "BF16", "F16" -> 2;
                default -> 0;
            };
        }

        public Path file() {
            return file;
        }

        /** Tensor names in header order. */
        public java.util.Set<String> names() {
            return java.util.Collections.unmodifiableSet(entries.keySet());
        }

        /** The entry of {@code name}, or null when the file has no such tensor. */
        public Entry entry(String name) {
            return entries.get(name);
        }

        /** The header's {@code __metadata__} strings. */
        public Map<String, String> metadata() {
            return java.util.Collections.unmodifiableMap(metadata);
        }

        public Tensor tensor(String name) throws IOException {
            return new Tensor(entryOrThrow(name).shape(), floats(name));
        }

        /**
         * The values of {@code name} as float32, row-major. BF16 is widened exactly (its 16 bits are the high half of
         * a float32); F16 is widened exactly too (every half is a float32), subnormals, infinities and NaN included.
         */
        public float[] floats(String name) throws IOException {
            float[] out = new float[Math.toIntExact(entryOrThrow(name).count())];
            readInto(name, FloatBuffer.wrap(out));
            return out;
        }

        /**
         * Converts the values of {@code name} to float32 into {@code out} (from its position on; it needs
         * {@link Entry#count} floats of room), as {@link #floats} does; {@code out} may be a view of a direct buffer,
         * so a tensor can go from the file to native memory without a copy on the heap.
         */
        public void readInto(String name, FloatBuffer out) throws IOException {
            Entry e = entryOrThrow(name);
            if (out.remaining() < e.count()) {
                throw new IllegalArgumentException("room for " + out.remaining() + " floats, " + name + " has "
                        + e.count());
            }
            int count = Math.toIntExact(e.count());
            readInto(name, 0, out.slice().limit(count));
            out.position(out.position() + count);
        }

        /**
         * Converts {@code out.remaining()} values of {@code name}, from element {@code first} on (row-major), into
         * {@code out}: a block of rows of a tensor too large to convert at once.
         */
        public void readInto(String name, long first, FloatBuffer out) throws IOException {
            Entry e = entryOrThrow(name);
            long count = out.remaining();
            if (first < 0 || first + count > e.count()) {
                throw new IllegalArgumentException("elements [" + first + ", " + (first + count) + ") are outside "
                        + name + "'s " + e.count());
            }
            int width = bytesPerElement(e.dtype());
            long position = dataStart + e.begin() + first * width;
            long remaining = count * width;
            while (remaining > 0) {
                long chunk = Math.min(remaining, MAP_CHUNK_BYTES);
                ByteBuffer bytes = in.map(FileChannel.MapMode.READ_ONLY, position, chunk).order(ByteOrder.LITTLE_ENDIAN);
                switch (e.dtype()) {
                    case "F32" -> out.put(bytes.asFloatBuffer());
                    case "BF16", "F16" -> widen(bytes.asShortBuffer(), e.dtype().equals("BF16"), out);
                    default -> throw new IllegalStateException(e.dtype());
                }
                position += chunk;
                remaining -= chunk;
            }
        }

        /** Halves to float32 through a small scratch array, so that {@code out} gets bulk puts. */
        private static void widen(ShortBuffer shorts, boolean bf16, FloatBuffer out) {
            short[] half = new short[8192];
            float[] full = new float[half.length];
            while (shorts.hasRemaining()) {
                int n = Math.min(half.length, shorts.remaining());
                shorts.get(half, 0, n);
                for (int i = 0; i < n; i++) {
                    full[i] = bf16 ? bf16ToFloat(half[i]) : f16ToFloat(half[i]);
                }
                out.put(full, 0, n);
            }
        }

        private Entry entryOrThrow(String name) throws IOException {
            Entry e = entries.get(name);
            if (e == null) {
                throw new IOException(file + ": no tensor " + name);
            }
            return e;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Bytes mapped at a time: a multiple of 4, so no element straddles two maps. */
    private static final long MAP_CHUNK_BYTES = 1L << 30;

    /** float32 to bfloat16, rounded to nearest with ties to even (NaN stays a quiet NaN). */
    public static short floatToBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** IEEE 754 binary16 to float32, exactly. */
    public static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mantissa * 0x1p-24f; // subnormal: mantissa · 2^-24, exact in float32
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
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
