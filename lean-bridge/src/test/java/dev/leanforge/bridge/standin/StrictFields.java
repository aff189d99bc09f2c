package dev.leanforge.bridge.standin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.annotations.SerializedName;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gson silently skips unknown fields and turns unknown enum words into {@code null}; in a rules file both are
 * typos that would change a test's meaning ({@code "behavior": "crash"} would answer). This check refuses them,
 * walking a JSON tree along the record types it will be bound to.
 */
final class StrictFields {

    private StrictFields() {
    }

    /** Throws {@link IllegalArgumentException} naming the JSON path of the first unknown field or enum word. */
    static void check(JsonElement json, Type type, String path) {
        if (json == null || json.isJsonNull()) {
            return;
        }
        if (type instanceof ParameterizedType generic) {
            Type raw = generic.getRawType();
            Type[] arguments = generic.getActualTypeArguments();
            if (raw == List.class && json.isJsonArray()) {
                for (int i = 0; i < json.getAsJsonArray().size(); i++) {
                    check(json.getAsJsonArray().get(i), arguments[0], path + "[" + i + "]");
                }
            } else if (raw == Map.class && json.isJsonObject()) {
                json.getAsJsonObject().entrySet().forEach(e -> check(e.getValue(), arguments[1], path + "." + e.getKey()));
            }
        } else if (type instanceof Class<?> plain && plain.isRecord() && json.isJsonObject()) {
            checkRecord(json.getAsJsonObject(), plain, path);
        } else if (type instanceof Class<?> plain && plain.isEnum() && json.isJsonPrimitive()) {
            List<String> words = enumWords(plain);
            if (!words.contains(json.getAsString())) {
                throw new IllegalArgumentException(path + ": '" + json.getAsString() + "' is not one of " + words);
            }
        }
    }

    private static void checkRecord(JsonObject json, Class<?> record, String path) {
        List<String> known = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = jsonName(record, component);
            known.add(name);
            check(json.get(name), component.getGenericType(), path + "." + name);
        }
        for (String field : json.keySet()) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(path + ": unknown field '" + field + "' (known: " + known + ")");
            }
        }
    }

    // @SerializedName targets fields, so on a record component Java keeps it on the component's private field.
    private static String jsonName(Class<?> record, RecordComponent component) {
        try {
            SerializedName renamed = record.getDeclaredField(component.getName()).getAnnotation(SerializedName.class);
            return renamed == null ? component.getName() : renamed.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + record.getName() + " lacks its component's field", e);
        }
    }

    private static List<String> enumWords(Class<?> enumType) {
        List<String> words = new ArrayList<>();
        for (Field constant : enumType.getFields()) {
            if (constant.isEnumConstant()) {
                SerializedName renamed = constant.getAnnotation(SerializedName.class);
                words.add(renamed == null ? constant.getName() : renamed.value());
            }
        }
        return words;
    }
}
