package dev.leanforge.trainer.data;

import java.util.List;

/**
 * The records read from a JSONL file, in file order, and the lines left out under {@link BadLinePolicy#SKIP}.
 */
public record JsonlData<T>(List<T> records, List<BadLine> skipped) {

    public JsonlData {
        records = List.copyOf(records);
        skipped = List.copyOf(skipped);
    }
}
