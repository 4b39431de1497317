package dev.hubresponder.template;

import dev.hubresponder.testkit.CfnYaml;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** template.yaml as written (before the SAM transform), with accessors for what the tests look at. */
final class SamTemplate {
    private final Map<String, Object> document;

    private SamTemplate(Map<String, Object> document) {
        this.document = document;
    }

    static SamTemplate load(Path file) {
        return new SamTemplate(CfnYaml.load(file));
    }

    Map<String, Object> resources() {
        return map(document, "Resources");
    }

    Map<String, Object> globalsFunction() {
        return map(map(document, "Globals"), "Function");
    }

    /** Logical id to Properties of every AWS::Serverless::Function. */
    Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = asMap(resource);
            if ("AWS::Serverless::Function".equals(r.get("Type"))) {
                functions.put(id, map(r, "Properties"));
            }
        });
        return functions;
    }

    Map<String, Object> resource(String logicalId) {
        return asMap(resources().get(logicalId));
    }

    /** Each parameter's default as CloudFormation would pass it (numbers as text); parameters without one are left out. */
    Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        map(document, "Parameters").forEach((name, parameter) -> {
            Object value = asMap(parameter).get("Default");
            if (value != null) {
                defaults.put(name, String.valueOf(value));
            }
        });
        return defaults;
    }

    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value == null ? Map.of() : asMap(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException("expected a mapping, found " + value);
        }
        return (Map<String, Object>) value;
    }
}
