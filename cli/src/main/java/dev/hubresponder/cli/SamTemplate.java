package dev.hubresponder.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hubresponder.testkit.CfnYaml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of {@code template.yaml} that running a function locally needs: each {@code AWS::Serverless::Function}
 * with its handler, code folder, timeout, memory and environment (Globals merged, {@code !Ref} to parameters
 * resolved to their defaults, {@code !Ref} to resources resolved to the resource's logical id, as the demo's
 * emulated account names its resources; {@code !If} decided on the conditions at the parameters' defaults,
 * {@code !Sub} of parameters substituted).
 */
final class SamTemplate {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The emulator's (and {@code sam local}'s) default account, used when no account is given. */
    static final String DEFAULT_ACCOUNT = "123456789012";

    private final JsonNode root;
    private final Where where;

    private SamTemplate(JsonNode root, Where where) {
        this.root = root;
        this.where = where;
    }

    /**
     * Where the function runs, for {@code AWS::Region} and {@code AWS::AccountId}: the same values the function
     * itself is given (its {@code AWS_REGION}), never the shell's when the {@code --env-vars} file says otherwise.
     */
    record Where(String region, String accountId) {
    }

    /** The template in us-east-1 and the default account: for listing functions and reading properties. */
    static SamTemplate read(Path file) throws IOException {
        return read(file, new Where("us-east-1", DEFAULT_ACCOUNT));
    }

    static SamTemplate read(Path file, Where where) throws IOException {
        try {
            return new SamTemplate(new ObjectMapper().valueToTree(CfnYaml.load(file)), where);
        } catch (IllegalStateException e) {
            throw new IOException(file + " is not a readable template: " + e.getMessage(), e);
        }
    }

    /** One function of the template. */
    record Function(String logicalId, String codeUri, String handler, int timeoutSeconds, int memoryMb,
                    Map<String, String> environment, List<String> unresolved) {
    }

    /** A resource's {@code Properties} as written (intrinsics in long form), or a missing node. */
    JsonNode resourceProperties(String logicalId) {
        return root.path("Resources").path(logicalId).path("Properties");
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
                    case "AWS::Region" -> where.region();
                    case "AWS::AccountId" -> where.accountId();
                    case "AWS::Partition" -> "aws";
                    // The stack name the demo and the docs deploy under.
                    case "AWS::StackName" -> "hub-responder";
                    default -> null;
                };
            }
            if (name.endsWith(".Alias") && root.path("Resources").has(name.substring(0, name.length() - 6))) {
                return aliasArn(name.substring(0, name.length() - 6));
            }
            return root.path("Resources").has(name) ? name : null;
        }
        if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
            return substitute(value.get("Fn::Sub").asText());
        }
        if (value.has("Fn::If") && value.get("Fn::If").size() == 3) {
            Boolean holds = condition(root.path("Conditions").path(value.get("Fn::If").get(0).asText()));
            return holds == null ? null : resolve(value.get("Fn::If").get(holds ? 1 : 2));
        }
        return null;
    }

    /**
     * What SAM's {@code !Ref Function.Alias} gives: the ARN of the function's {@code AutoPublishAlias}, with the
     * logical id as the function name (as the demo names its resources), in the Region and account it runs in.
     */
    private String aliasArn(String function) {
        String alias = firstNonNull(text(root.path("Resources").path(function).path("Properties")
                .path("AutoPublishAlias")), text(root.path("Globals").path("Function").path("AutoPublishAlias")));
        return resolve(NODES.objectNode().put("Fn::Sub", "arn:${AWS::Partition}:lambda:${AWS::Region}:"
                + "${AWS::AccountId}:function:" + function + (alias == null ? "" : ":" + alias)));
    }

    private static String text(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    /** {@code ${Name}} in a Sub string replaced by the parameter's default or pseudo parameter; null if unknown. */
    private String substitute(String text) {
        StringBuilder result = new StringBuilder();
        int at = 0;
        while (true) {
            int start = text.indexOf("${", at);
            if (start < 0) {
                return result.append(text.substring(at)).toString();
            }
            int end = text.indexOf('}', start);
            String name = text.substring(start + 2, end);
            String replacement = name.contains(".") ? null : resolve(NODES.objectNode().put("Ref", name));
            if (replacement == null || root.path("Resources").has(name)) {
                return null;
            }
            result.append(text, at, start).append(replacement);
            at = end + 1;
        }
    }

    /** A template condition with the parameters at their defaults; null when it cannot be decided locally. */
    private Boolean condition(JsonNode c) {
        if (c.has("Condition")) {
            return condition(root.path("Conditions").path(c.get("Condition").asText()));
        }
        if (c.has("Fn::Equals") && c.get("Fn::Equals").size() == 2) {
            String a = resolve(c.get("Fn::Equals").get(0));
            String b = resolve(c.get("Fn::Equals").get(1));
            return a == null || b == null ? null : a.equals(b);
        }
        if (c.has("Fn::Not") && c.get("Fn::Not").size() == 1) {
            Boolean inner = condition(c.get("Fn::Not").get(0));
            return inner == null ? null : !inner;
        }
        boolean and = c.has("Fn::And");
        if (and || c.has("Fn::Or")) {
            boolean undecided = false;
            for (JsonNode part : c.get(and ? "Fn::And" : "Fn::Or")) {
                Boolean holds = condition(part);
                if (holds == null) {
                    undecided = true;
                } else if (holds != and) {
                    return !and;
                }
            }
            return undecided ? null : and;
        }
        return null;
    }
}
