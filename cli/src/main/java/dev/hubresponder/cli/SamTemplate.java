package dev.hubresponder.cli;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code template.yaml} that running a function locally needs: each {@code AWS::Serverless::Function}
 * with its handler, code folder, timeout, memory and environment (Globals merged, {@code !Ref} to parameters
 * resolved to their defaults, {@code !Ref} to resources resolved to the resource's logical id, as the demo's
 * emulated account names its resources).
 */
final class SamTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    static SamTemplate read(Path file) throws IOException {
        try (YAMLParser parser = new YAMLFactory().createParser(Files.newInputStream(file))) {
            parser.nextToken();
            return new SamTemplate(readValue(parser));
        }
    }

    /** One function of the template. */
    record Function(String logicalId, String codeUri, String handler, int timeoutSeconds, int memoryMb,
                    Map<String, String> environment, List<String> unresolved) {
    }

    List<String> functionIds() {
        List<String> ids = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(e -> {
            if ("AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        return ids;
    }

    Function function(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (!"AWS::Serverless::Function".equals(resource.path("Type").asText())) {
            throw new IllegalArgumentException("template.yaml has no function '" + logicalId + "'; functions: "
                    + String.join(", ", functionIds()));
        }
        JsonNode globals = root.path("Globals").path("Function");
        JsonNode props = resource.path("Properties");
        Map<String, String> env = new LinkedHashMap<>();
        List<String> unresolved = new ArrayList<>();
        for (JsonNode vars : List.of(globals.path("Environment").path("Variables"),
                props.path("Environment").path("Variables"))) {
            vars.fields().forEachRemaining(e -> {
                String value = resolve(e.getValue());
                if (value == null) {
                    unresolved.add(e.getKey());
                    env.remove(e.getKey());
                } else {
                    env.put(e.getKey(), value);
                }
            });
        }
        return new Function(logicalId, text(props, globals, "CodeUri"), text(props, globals, "Handler"),
                Integer.parseInt(firstNonNull(text(props, globals, "Timeout"), "30")),
                Integer.parseInt(firstNonNull(text(props, globals, "MemorySize"), "512")), env, unresolved);
    }

    private static String text(JsonNode props, JsonNode globals, String field) {
        JsonNode value = props.has(field) ? props.get(field) : globals.get(field);
        return value == null || !value.isValueNode() ? null : value.asText();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    /** A value as text: literals, Ref (parameter default or logical id), Sub without variables; else null. */
    private String resolve(JsonNode value) {
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            String name = value.get("Ref").asText();
            JsonNode parameter = root.path("Parameters").path(name);
            if (!parameter.isMissingNode()) {
                JsonNode fallback = parameter.get("Default");
                return fallback == null ? null : fallback.asText();
            }
            if (name.startsWith("AWS::")) {
                return switch (name) {
                    case "AWS::Region" -> System.getenv().getOrDefault("AWS_REGION", "us-east-1");
                    case "AWS::AccountId" -> "123456789012";
                    case "AWS::Partition" -> "aws";
                    default -> null;
                };
            }
            return root.path("Resources").has(name) ? name : null;
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual() && !value.get("Fn::Sub").asText().contains("${")) {
            return value.get("Fn::Sub").asText();
        }
        return null;
    }

    /** Reads YAML into a tree, turning CloudFormation short tags ({@code !Ref x}) into their long form. */
    private static JsonNode readValue(YAMLParser p) throws IOException {
        String tag = p.getTypeId();
        JsonNode value;
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = NODES.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                object.set(name, readValue(p));
            }
            value = object;
        } else if (token == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                array.add(readValue(p));
            }
            value = array;
        } else if (token == JsonToken.VALUE_NULL) {
            value = NODES.nullNode();
        } else {
            value = NODES.textNode(p.getText());
        }
        if (tag == null || !tag.startsWith("!")) {
            return value;
        }
        String fn = tag.substring(1);
        ObjectNode tagged = NODES.objectNode();
        if (fn.equals("Ref")) {
            tagged.set("Ref", value);
        } else if (fn.equals("GetAtt") && value.isTextual()) {
            ArrayNode parts = NODES.arrayNode();
            Iterator<String> it = List.of(value.asText().split("\\.", 2)).iterator();
            it.forEachRemaining(parts::add);
            tagged.set("Fn::GetAtt", parts);
        } else {
            tagged.set("Fn::" + fn, value);
        }
        return tagged;
    }
}
