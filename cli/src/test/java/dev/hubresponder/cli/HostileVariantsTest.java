package dev.hubresponder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.containment.ecs.TaskArn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input run, kept: every event in {@code events/} that plans a containment, changed the way a forger, a
 * broken producer or a confused deputy would change it, through {@code ./responder plan --json} (the functions'
 * intake and policy). A harmful decision is containment planned for a finding that must not cause it: one from a
 * producer that is not trusted, one that names resources of another account, one of the wrong types, a sample, a
 * target that is not a well-formed resource id, or a block of an address that is not public.
 */
class HostileVariantsTest {
    private static final Path EVENTS = Path.of("..", "events");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CONTAINMENT = Set.of("QUARANTINE_INSTANCE", "STOP_TASK", "BLOCK_ADDRESS",
            "REVOKE_CREDENTIALS");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    private static final String OTHER_ACCOUNT = "444455556666";

    /** How a variant changes each finding of the event, and what it must not lead to. */
    private record Variant(Consumer<ObjectNode> change, Harm harm) {
    }

    private enum Harm { ANY_CONTAINMENT, RESOURCE_CONTAINMENT, MALFORMED_TARGET, NON_PUBLIC_BLOCK }

    private static final Map<String, Variant> VARIANTS = variants();

    private static Map<String, Variant> variants() {
        Map<String, Variant> v = new LinkedHashMap<>();
        v.put("imported under the account's own product", new Variant(f -> f.put("ProductArn",
                "arn:aws:securityhub:us-east-1:" + f.path("AwsAccountId").asText() + ":product/"
                        + f.path("AwsAccountId").asText() + "/default"), Harm.ANY_CONTAINMENT));
        v.put("a partner's product", new Variant(f -> f.put("ProductArn",
                "arn:aws:securityhub:us-east-1::product/crowdstrike/crowdstrike-falcon"), Harm.ANY_CONTAINMENT));
        v.put("an AWS product ARN with an account", new Variant(f -> f.put("ProductArn",
                f.path("ProductArn").asText().replace("::product/", ":" + OTHER_ACCOUNT + ":product/")),
                Harm.ANY_CONTAINMENT));
        v.put("a sample finding", new Variant(f -> f.put("Sample", true), Harm.ANY_CONTAINMENT));
        v.put("an Id that is a number", new Variant(f -> f.put("Id", 12345), Harm.ANY_CONTAINMENT));
        v.put("a resource Type that is a number", new Variant(f -> ((ObjectNode) f.withArray("Resources").get(0))
                .put("Type", 7), Harm.ANY_CONTAINMENT));
        v.put("Types as a string", new Variant(f -> f.put("Types", "TTPs/Command and Control/Backdoor:EC2-C&C"),
                Harm.ANY_CONTAINMENT));
        v.put("resources of another account", new Variant(f -> f.withArray("Resources").forEach(r ->
                ((ObjectNode) r).put("Id", r.path("Id").asText().replace(f.path("AwsAccountId").asText(),
                        OTHER_ACCOUNT))), Harm.RESOURCE_CONTAINMENT));
        v.put("resource ids with a path and quotes appended", new Variant(f -> f.withArray("Resources").forEach(r ->
                ((ObjectNode) r).put("Id", r.path("Id").asText() + "/../../i-0000\"; DROP")), Harm.MALFORMED_TARGET));
        for (String address : List.of("10.0.0.5", "169.254.169.254", "127.0.0.1", "0.0.0.0", "192.168.1.1",
                "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00::1")) {
            v.put("remote address " + address, new Variant(f -> replaceAddresses(f, address), Harm.NON_PUBLIC_BLOCK));
        }
        return v;
    }

    static Stream<Arguments> hostileVariants() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode event = JSON.readTree(file.toFile());
                if (!event.path("detail").path("findings").path(0).has("ProductArn")
                        || containment(plan(file)).isEmpty()) {
                    continue;
                }
                VARIANTS.forEach((name, variant) -> cases.add(Arguments.of(file.getFileName().toString(), name)));
            }
        }
        return cases.stream();
    }

    @Test
    void theBaseEventsCoverEveryKindOfContainment() throws IOException {
        Set<String> kinds = new TreeSet<>();
        try (Stream<Path> files = Files.list(EVENTS)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                containment(plan(file)).forEach(a -> kinds.add(a.path("action").asText()));
            }
        }
        assertThat(kinds).as("what the unchanged events plan, so that every kind is tried hostile")
                .containsExactlyInAnyOrderElementsOf(CONTAINMENT);
        assertThat(hostileVariants()).hasSizeGreaterThanOrEqualTo(10 * VARIANTS.size());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileVariants")
    void noHarmfulDecision(String file, String variantName, @TempDir Path dir) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(EVENTS.resolve(file).toFile());
        Variant variant = VARIANTS.get(variantName);
        event.path("detail").path("findings").forEach(finding -> variant.change().accept((ObjectNode) finding));
        Path changed = dir.resolve(file);
        JSON.writeValue(changed.toFile(), event);

        List<JsonNode> planned = containment(plan(changed));

        switch (variant.harm()) {
            case ANY_CONTAINMENT -> assertThat(planned).as("containment planned").isEmpty();
            case RESOURCE_CONTAINMENT -> assertThat(planned).as("containment of another account's resources")
                    .noneMatch(a -> a.path("action").asText().matches("QUARANTINE_INSTANCE|STOP_TASK")
                            || a.path("target").asText().contains(OTHER_ACCOUNT));
            case MALFORMED_TARGET -> assertThat(planned).as("containment of a target that is no resource id")
                    .allMatch(HostileVariantsTest::wellFormedTarget);
            case NON_PUBLIC_BLOCK -> assertThat(planned).as("block of an address that is not public")
                    .noneMatch(a -> a.path("action").asText().equals("BLOCK_ADDRESS")
                            && !isPublic(a.path("target").asText()));
        }
    }

    private static boolean wellFormedTarget(JsonNode action) {
        String target = action.path("target").asText();
        return switch (action.path("action").asText()) {
            case "QUARANTINE_INSTANCE" -> INSTANCE_ID.matcher(target).matches();
            case "STOP_TASK" -> TaskArn.parse(target).isPresent();
            default -> !target.contains("\"") && !target.contains("/../");
        };
    }

    /** Public, as the responder's never-block rules mean it: not private, loopback, link-local, shared or special. */
    private static boolean isPublic(String cidr) {
        String host = cidr.contains("/") ? cidr.substring(0, cidr.indexOf('/')) : cidr;
        try {
            InetAddress a = InetAddress.getByName(host);
            return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                    || a.isMulticastAddress() || host.startsWith("100.64.") || host.equals("255.255.255.255")
                    || host.toLowerCase().startsWith("fd") || host.toLowerCase().startsWith("fc"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void replaceAddresses(JsonNode node, String address) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode value = object.get(name);
                if ((name.equals("IpAddressV4") || name.equals("IpAddressV6")) && value.isTextual()) {
                    object.put(name, address);
                } else {
                    replaceAddresses(value, address);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> replaceAddresses(child, address));
        }
    }

    private static JsonNode plan(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Responder(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run("plan", file.toString(), "--json");
        return out.size() == 0 ? JSON.createObjectNode() : JSON.readTree(out.toByteArray());
    }

    private static List<JsonNode> containment(JsonNode plan) {
        List<JsonNode> planned = new ArrayList<>();
        plan.path("findings").forEach(f -> f.path("actions").forEach(a -> {
            if (CONTAINMENT.contains(a.path("action").asText())) {
                planned.add(a);
            }
        }));
        return planned;
    }
}
