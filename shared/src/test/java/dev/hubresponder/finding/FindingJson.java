package dev.hubresponder.finding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds EventBridge events and findings for tests, and loads the files in the repository's {@code events/}. */
final class FindingJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** The repository's event folder, seen from the {@code shared} module (Maven's working directory for tests). */
    static final Path EVENTS = Path.of("..", "events");
    static final String ACCOUNT = "123456789012";
    static final String GUARDDUTY = "arn:aws:securityhub:us-east-1::product/aws/guardduty";

    private FindingJson() {
    }

    /** The smallest ASFF finding intake accepts: id, product, account, severity label. */
    static ObjectNode asff(String id) {
        ObjectNode finding = MAPPER.createObjectNode();
        finding.put("Id", id);
        finding.put("ProductArn", GUARDDUTY);
        finding.put("AwsAccountId", ACCOUNT);
        finding.putObject("Severity").put("Label", "HIGH");
        return finding;
    }

    static ObjectNode asff() {
        return asff("finding-1");
    }

    /** The smallest OCSF finding intake accepts. */
    static ObjectNode ocsf(String id) {
        ObjectNode finding = MAPPER.createObjectNode();
        finding.putObject("finding_info").put("uid", id);
        finding.putObject("metadata").put("uid", "meta-" + id).putObject("product").put("uid", GUARDDUTY);
        finding.putObject("cloud").putObject("account").put("uid", ACCOUNT);
        finding.put("severity_id", 4);
        return finding;
    }

    static ObjectNode event(String detailType, JsonNode... findings) {
        ObjectNode event = MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", "event-1");
        event.put("detail-type", detailType);
        event.put("source", "aws.securityhub");
        event.put("account", ACCOUNT);
        event.put("region", "eu-west-1");
        event.putArray("resources");
        ArrayNode array = event.putObject("detail").putArray("findings");
        for (JsonNode finding : findings) {
            array.add(finding);
        }
        return event;
    }

    static ObjectNode imported(JsonNode... findings) {
        return event(EventKind.IMPORTED.detailType(), findings);
    }

    static ObjectNode importedV2(JsonNode... findings) {
        return event(EventKind.IMPORTED_V2.detailType(), findings);
    }

    static ObjectNode customAction(String targetArn, JsonNode... findings) {
        ObjectNode event = event(EventKind.CUSTOM_ACTION.detailType(), findings);
        event.putArray("resources").add(targetArn);
        String[] arn = targetArn.split(":", 6);
        if (arn.length == 6) {
            // Security Hub delivers a custom action in the account and Region of its action target.
            event.put("region", arn[3]);
            event.put("account", arn[4]);
        }
        ((ObjectNode) event.get("detail")).put("actionName", "Isolate instance");
        ((ObjectNode) event.get("detail")).put("actionDescription", "Quarantine the instances");
        return event;
    }

    /** The object at a dotted path ({@code "Action.NetworkConnectionAction"}), created when missing. */
    static ObjectNode at(ObjectNode root, String dottedPath) {
        ObjectNode node = root;
        for (String part : dottedPath.split("\\.")) {
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode object ? object : node.putObject(part);
        }
        return node;
    }

    /** Sets a text value at a dotted path whose last part is the field name. */
    static ObjectNode put(ObjectNode root, String dottedPath, String value) {
        int dot = dottedPath.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? root : at(root, dottedPath.substring(0, dot));
        parent.put(dottedPath.substring(dot + 1), value);
        return root;
    }

    /** Sets a {@code ProductFields} entry; keys hold dots and slashes, so they are not paths. */
    static ObjectNode productField(ObjectNode finding, String key, String value) {
        at(finding, "ProductFields").put(key, value);
        return finding;
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one file of the repository's {@code events/} folder through intake. */
    static SecurityHubEvent readEventFile(String name) {
        try {
            return new FindingIntake(MAPPER).read(Files.readAllBytes(EVENTS.resolve(name)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read events/" + name, e);
        }
    }

    /** The only finding of an event file, asserting there is exactly one. */
    static Finding onlyFinding(String eventFile) {
        SecurityHubEvent event = readEventFile(eventFile);
        if (event.findings().size() != 1 || !event.rejected().isEmpty()) {
            throw new AssertionError("events/" + eventFile + " should hold exactly one readable finding, has "
                    + event.findings().size() + " and rejected " + event.rejected());
        }
        return event.findings().get(0);
    }
}
