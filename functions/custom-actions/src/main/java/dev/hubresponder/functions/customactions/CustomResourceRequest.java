package dev.hubresponder.functions.customactions;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudFormation custom resource request for {@code Custom::SecurityHubActionTargets}.
 *
 * @param type               Create, Update or Delete
 * @param responseUrl        the pre-signed URL the answer is PUT to
 * @param stackId            the stack's ARN; its partition, Region and account are the hub's
 * @param requestId          echoed in the answer
 * @param logicalResourceId  echoed in the answer
 * @param physicalResourceId null on Create
 * @param properties         {@code ResourceProperties}
 * @param oldProperties      {@code OldResourceProperties}, present on Update only
 */
record CustomResourceRequest(Type type, URI responseUrl, String stackId, String requestId, String logicalResourceId,
                             String physicalResourceId, JsonNode properties, JsonNode oldProperties) {

    enum Type { CREATE, UPDATE, DELETE }

    private static final Pattern STACK_ARN =
            Pattern.compile("arn:([a-z0-9-]+):cloudformation:([a-z0-9-]+):(\\d{12}):stack/.+");

    /**
     * Reads a request.
     *
     * @throws InvalidRequestException naming the first field that is missing or wrong
     */
    static CustomResourceRequest parse(JsonNode event) {
        String typeText = required(event, "RequestType");
        Type type;
        try {
            type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("RequestType '" + typeText + "' is not Create, Update or Delete");
        }
        URI responseUrl = responseUrlOf(event);
        if (responseUrl == null) {
            throw new InvalidRequestException("ResponseURL is missing");
        }
        String physicalId = event.path("PhysicalResourceId").asText(null);
        return new CustomResourceRequest(type, responseUrl, required(event, "StackId"), required(event, "RequestId"),
                required(event, "LogicalResourceId"), physicalId, event.path("ResourceProperties"),
                event.path("OldResourceProperties"));
    }

    /** The ResponseURL of any event, or null: the one field without which no answer can be sent at all. */
    static URI responseUrlOf(JsonNode event) {
        String url = event == null ? null : event.path("ResponseURL").asText(null);
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where the targets live, from the stack's ARN: the stack and its action targets share account and Region. */
    HubLocation hub() {
        Matcher m = STACK_ARN.matcher(stackId);
        if (!m.matches()) {
            throw new InvalidRequestException("StackId '" + stackId + "' is not a CloudFormation stack ARN");
        }
        return new HubLocation(m.group(1), m.group(2), m.group(3));
    }

    /** The targets the template declares now; every entry must be valid. */
    List<ActionTargetSpec> desiredTargets() {
        JsonNode list = properties.path("ActionTargets");
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidRequestException("ResourceProperties.ActionTargets must be a non-empty list");
        }
        List<ActionTargetSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonNode item : list) {
            ActionTargetSpec spec = new ActionTargetSpec(item.path("Id").asText(null), item.path("Name").asText(null),
                    item.path("Description").asText(null));
            if (!ids.add(spec.id())) {
                throw new InvalidRequestException("action target id " + spec.id() + " appears twice");
            }
            specs.add(spec);
        }
        return specs;
    }

    /**
     * The ids this resource may have created before: from the current properties on Delete, from the old ones on
     * Update. Read leniently, because a Delete also follows a Create that failed on invalid properties.
     */
    List<String> previouslyDeclaredIds() {
        JsonNode source = type == Type.UPDATE ? oldProperties : properties;
        List<String> ids = new ArrayList<>();
        for (JsonNode item : source.path("ActionTargets")) {
            String id = item.path("Id").asText("");
            if (id.matches("[A-Za-z0-9]{1," + ActionTargetSpec.MAX_ID_LENGTH + "}") && !ids.contains(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The physical id to answer with: the one CloudFormation already has, else one derived from the stack and
     * logical id. It never changes, so an update is never seen as a replacement (which would delete the targets).
     */
    String answerPhysicalId() {
        if (physicalResourceId != null && !physicalResourceId.isBlank()) {
            return physicalResourceId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((stackId + "/" + logicalResourceId).getBytes(StandardCharsets.UTF_8));
            return logicalResourceId + "-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String required(JsonNode event, String field) {
        String value = event.path(field).asText(null);
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field + " is missing");
        }
        return value;
    }

    /** The partition, Region and account of a hub, which make up its action target ARNs. */
    record HubLocation(String partition, String region, String account) {
        String actionTargetArn(String id) {
            return "arn:" + partition + ":securityhub:" + region + ":" + account + ":action/custom/" + id;
        }
    }
}
