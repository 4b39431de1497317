package dev.hubresponder.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recording proxy in front of moto (point {@code AWS_ENDPOINT_URL_EC2} or {@code AWS_ENDPOINT_URL_WAFV2} at
 * {@link #endpoint()}): every request goes on to moto unchanged and is kept, so that the demo can show what the
 * functions asked for. moto does not show security group changes faithfully (aws-facts §9: an interface reads back
 * with the union of its old and new groups), so the demo shows the groups as requested; and it counts the WAF
 * writes a burst of findings cost.
 */
public final class MotoRequestRecorder implements AutoCloseable {
    private final WireMockServer server;

    private MotoRequestRecorder(WireMockServer server) {
        this.server = server;
    }

    /** Starts a proxy to {@code moto} on a free loopback port. */
    public static MotoRequestRecorder start(MotoServer moto) {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint())));
        return new MotoRequestRecorder(server);
    }

    public String endpoint() {
        return server.baseUrl();
    }

    /** Each network interface's group changes, in the order requested: interface id → list of group-id lists. */
    public Map<String, List<List<String>>> groupChanges() {
        Map<String, List<List<String>>> changes = new LinkedHashMap<>();
        for (LoggedRequest request : server.findAll(anyRequestedFor(anyUrl()))) {
            Map<String, String> form = form(request.getBodyAsString());
            if (!"ModifyNetworkInterfaceAttribute".equals(form.get("Action"))) {
                continue;
            }
            Map<Integer, String> groups = new TreeMap<>();
            form.forEach((name, value) -> {
                if (name.startsWith("SecurityGroupId.")) {
                    groups.put(Integer.parseInt(name.substring("SecurityGroupId.".length())), value);
                }
            });
            if (!groups.isEmpty()) {
                changes.computeIfAbsent(form.get("NetworkInterfaceId"), k -> new ArrayList<>())
                        .add(List.copyOf(groups.values()));
            }
        }
        return changes;
    }

    /** How many JSON-protocol calls of this operation were made, e.g. {@code AWSWAF_20190729.UpdateIPSet}. */
    public int calls(String amzTarget) {
        return (int) server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> amzTarget.equals(r.getHeader("X-Amz-Target"))).count();
    }

    /** The groups last requested for an interface, or null when none were requested. */
    public List<String> lastRequestedGroups(String interfaceId) {
        List<List<String>> changes = groupChanges().get(interfaceId);
        return changes == null ? null : changes.get(changes.size() - 1);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
    }
}
