package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Lenient reads of producer JSON: a field of the wrong shape reads as absent rather than failing the finding, so
 * that only the fields a decision needs (checked by the readers) can reject one.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** The field's value as text when it is a scalar (string, number, boolean); null when absent, null or a container. */
    static String text(JsonNode parent, String field) {
        return parent == null ? null : scalar(parent.get(field));
    }

    /** The field's value when it is a string; null when absent, null or of another type. */
    static String string(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /** The node's value as text when it is a scalar, else null. */
    static String scalar(JsonNode node) {
        return node != null && node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /** The scalar elements of an array field as text; empty when the field is absent or not an array. */
    static List<String> strings(JsonNode parent, String field) {
        JsonNode array = parent == null ? null : parent.get(field);
        if (array == null || !array.isArray()) {
            return List.of();
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode element : array) {
            String value = scalar(element);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** The scalar members of an object field as a string map, in the producer's order; empty when absent. */
    static Map<String, String> stringMap(JsonNode parent, String field) {
        JsonNode object = parent == null ? null : parent.get(field);
        if (object == null || !object.isObject()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>(object.size() * 4 / 3 + 1);
        object.fields().forEachRemaining(entry -> {
            String value = scalar(entry.getValue());
            if (value != null) {
                values.put(entry.getKey(), value);
            }
        });
        return values;
    }

    /** An ISO-8601 instant (with {@code Z} or an offset); null when absent or not readable as one. */
    static Instant instant(JsonNode parent, String field) {
        String value = text(parent, field);
        if (value == null) {
            return null;
        }
        try {
            return IsoInstant.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The field's node when it is an object, else null. */
    static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isObject() ? node : null;
    }

    /** The field's node when it is an array, else an empty iteration. */
    static Iterable<JsonNode> elements(JsonNode parent, String field) {
        JsonNode node = parent == null ? null : parent.get(field);
        return node != null && node.isArray() ? node : List.of();
    }

    /** Adds a problem unless the field is absent, null or a string. */
    static void expectString(JsonNode parent, String field, String path, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node != null && !node.isNull() && !node.isTextual()) {
            problems.add(path + " is " + describe(node) + ", expected a string");
        }
    }

    /** Adds a problem unless the field is absent, null or a number. */
    static void expectNumber(JsonNode parent, String field, String path, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node != null && !node.isNull() && !node.isNumber()) {
            problems.add(path + " is " + describe(node) + ", expected a number");
        }
    }

    /** Adds a problem unless the field is absent, null or a boolean. */
    static void expectBoolean(JsonNode parent, String field, String path, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node != null && !node.isNull() && !node.isBoolean()) {
            problems.add(path + " is " + describe(node) + ", expected a boolean");
        }
    }

    /**
     * Adds a problem unless the field is absent, null or an array of objects; gives each object element to the
     * check with its path ({@code path[i]}).
     */
    static void eachObject(JsonNode parent, String field, String path, List<String> problems,
                           BiConsumer<JsonNode, String> check) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            problems.add(path + " is " + describe(node) + ", expected an array");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            if (node.get(i).isObject()) {
                check.accept(node.get(i), path + "[" + i + "]");
            } else {
                problems.add(path + "[" + i + "] is " + describe(node.get(i)) + ", expected an object");
            }
        }
    }

    /** Adds a problem unless the field is absent, null or an object; true when it is an object. */
    static boolean expectObject(JsonNode parent, String field, String path, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node != null && !node.isNull() && !node.isObject()) {
            problems.add(path + " is " + describe(node) + ", expected an object");
        }
        return node != null && node.isObject();
    }

    /** Adds a problem unless the field is absent, null or an array of strings (or nulls). */
    static void expectStrings(JsonNode parent, String field, String path, List<String> problems) {
        JsonNode node = parent == null ? null : parent.get(field);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            problems.add(path + " is " + describe(node) + ", expected an array of strings");
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual() && !node.get(i).isNull()) {
                problems.add(path + "[" + i + "] is " + describe(node.get(i)) + ", expected a string");
            }
        }
    }

    /** Adds a problem unless the field is absent, null or an object whose members are strings (or null). */
    static void expectStringMap(JsonNode parent, String field, String path, List<String> problems) {
        if (!expectObject(parent, field, path, problems)) {
            return;
        }
        parent.get(field).fields().forEachRemaining(entry -> {
            if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
                String key = entry.getKey().length() > 80 ? entry.getKey().substring(0, 80) + "…" : entry.getKey();
                problems.add(path + "['" + key + "'] is " + describe(entry.getValue())
                        + ", expected a string");
            }
        });
    }

    /** What kind of JSON value a node is, for messages ("a string", "an array", "null"). */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case BINARY -> "binary data";
            case MISSING -> "nothing";
        };
    }

    /** True when the text is exactly 12 digits, the shape of an AWS account id. */
    static boolean isAccountId(String text) {
        if (text == null || text.length() != 12) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
