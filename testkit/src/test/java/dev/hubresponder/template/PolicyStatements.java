package dev.hubresponder.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads IAM policy statements as the templates write them, for the template tests. */
final class PolicyStatements {
    private PolicyStatements() {
    }

    /** A statement's resource ARNs as written: the text of each {@code Fn::Sub}, or the string itself. */
    static Set<String> resourceArns(JsonNode statement) {
        JsonNode resource = statement.path("Resource");
        List<JsonNode> nodes = new ArrayList<>();
        if (resource.isArray()) {
            resource.forEach(nodes::add);
        } else {
            nodes.add(resource);
        }
        Set<String> arns = new TreeSet<>();
        nodes.forEach(n -> arns.add(n.has("Fn::Sub") ? n.path("Fn::Sub").asText() : n.asText()));
        return arns;
    }
}
