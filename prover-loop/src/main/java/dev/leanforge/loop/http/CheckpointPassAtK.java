package dev.leanforge.loop.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pass@k values in a checkpoint's evaluation metrics, for the dashboard's pass@k-per-round chart. A value is
 * a number under a key {@code pass@K}, either inside an object named after a split
 * ({@code {"valid": {"pass@1": 0.25, "pass@8": 0.5}}}) or at the top level, where it counts for the split
 * {@value #NO_SPLIT}. Other keys are left alone: the metrics object may carry losses and counts too.
 */
final class CheckpointPassAtK {

    static final String NO_SPLIT = "all";

    private static final Pattern KEY = Pattern.compile("pass@([1-9][0-9]{0,8})");

    /** One pass@k value of a split. */
    record Point(String split, int k, double value) {
    }

    private CheckpointPassAtK() {
    }

    /** The points in a checkpoint's metrics object, in the order they appear. */
    static List<Point> of(JsonNode metrics) {
        List<Point> points = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = metrics.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> inner = field.getValue().fields(); inner.hasNext(); ) {
                    Map.Entry<String, JsonNode> value = inner.next();
                    add(points, field.getKey(), value.getKey(), value.getValue());
                }
            } else {
                add(points, NO_SPLIT, field.getKey(), field.getValue());
            }
        }
        return points;
    }

    private static void add(List<Point> points, String split, String key, JsonNode value) {
        Matcher k = KEY.matcher(key);
        if (k.matches() && value.isNumber()) {
            points.add(new Point(split, Integer.parseInt(k.group(1)), value.asDouble()));
        }
    }
}
