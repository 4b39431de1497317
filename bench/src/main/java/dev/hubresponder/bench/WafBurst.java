package dev.hubresponder.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hubresponder.functions.waf.BlockAddressesHandler;
import dev.hubresponder.testkit.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.Scope;

/**
 * The WAF burst: N findings, each from a different public address, through the BlockAddresses function's own
 * handler (built from the environment as on Lambda: IP sets, ledger table, endpoints) against moto, in one warm
 * JVM. Two arrival shapes:
 * <ul>
 *   <li>{@code per-event}: one EventBridge event per invocation, as an EventBridge rule invoking the function
 *   directly would deliver them (template.yaml does so for custom actions only);</li>
 *   <li>{@code batch:B}: batches of B events per invocation as the BlockQueue event source mapping delivers threat
 *   findings ({@code Records[].body}; template.yaml: up to 500 per batch), each event then handed to the ticket
 *   stage (the Invoke goes to the stub named by {@code AWS_ENDPOINT_URL_LAMBDA}).</li>
 * </ul>
 * The function's logs go to standard output as on Lambda; the result line goes to standard error. Prints wall
 * time, {@code UpdateIPSet} calls (moto's request recorder), findings acted on (per event: reported acted; batch:
 * handed over and not returned in {@code batchItemFailures}), and addresses present in the IPv4 set afterwards
 * (none lost = all N).
 *
 * <p>usage: {@code WafBurst <per-event|batch:B> <count> <event template> <moto endpoint>}
 */
public final class WafBurst {
    private static final String TEMPLATE_ADDRESS = "185.220.101.45";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WafBurst() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int count = Integer.parseInt(args[1]);
        String template = Files.readString(Path.of(args[2]));
        String moto = args[3];
        int batch = mode.equals("per-event") ? 1 : Integer.parseInt(mode.substring("batch:".length()));
        String findingId = JSON.readTree(template).path("detail").path("findings").get(0).path("Id").asText();

        List<String> events = new ArrayList<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String address = "45." + (100 + i / 250) + "." + (i % 250) + ".10";
            addresses.add(address + "/32");
            events.add(template.replace(TEMPLATE_ADDRESS, address).replace(findingId, findingId + "-burst-" + i));
        }

        BlockAddressesHandler handler = new BlockAddressesHandler();
        moto(moto, "/moto-api/recorder/reset-recording");
        moto(moto, "/moto-api/recorder/start-recording");
        LocalLambdaContext context = new LocalLambdaContext("burst", "BlockAddresses",
                LocalLambdaContext.functionArn("us-east-1", "123456789012", "BlockAddresses"), 1024, () -> 60_000);
        int acted = 0;
        int invocations = 0;
        long started = System.nanoTime();
        for (int from = 0; from < count; from += batch) {
            List<String> group = events.subList(from, Math.min(count, from + batch));
            byte[] input = mode.equals("per-event") ? group.get(0).getBytes(StandardCharsets.UTF_8) : sqsBatch(group);
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(input), output, context);
            invocations++;
            JsonNode answer = JSON.readTree(output.toByteArray());
            if (answer.has("batchItemFailures")) {
                acted += group.size() - answer.path("batchItemFailures").size();
            }
            for (JsonNode finding : answer.path("findings")) {
                acted += finding.path("acted").asBoolean() ? 1 : 0;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        moto(moto, "/moto-api/recorder/stop-recording");
        int updates = 0;
        for (String line : moto(moto, "/moto-api/recorder/download-recording").split("\n")) {
            if (line.contains("UpdateIPSet")) {
                updates++;
            }
        }
        Set<String> inSet;
        try (Wafv2Client waf = Wafv2Client.create()) {
            String[] arn = System.getenv("RESPONDER_WAF_IPV4_SET_ARN").split("/");
            inSet = new HashSet<>(waf.getIPSet(r -> r.scope(Scope.REGIONAL).name(arn[arn.length - 2])
                    .id(arn[arn.length - 1])).ipSet().addresses());
        }
        Set<String> lost = new HashSet<>(addresses);
        lost.removeAll(inSet);
        System.err.printf("| %s | %d | %d | %.1f | %d | %d | %d | %d |%n", mode, count, invocations, seconds,
                updates, acted, addresses.size() - lost.size(), lost.size());
        // As LambdaBootstrap does: a JVM the function ran in is done when its last invocation is (outside Lambda,
        // a library's non-daemon thread, such as the EMF agent sink's sender without AWS_LAMBDA_FUNCTION_NAME,
        // would keep it alive).
        System.exit(0);
    }

    private static byte[] sqsBatch(List<String> events) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode records = root.putArray("Records");
        for (int i = 0; i < events.size(); i++) {
            records.addObject().put("messageId", "m-" + i).put("eventSource", "aws:sqs").put("body", events.get(i));
        }
        return JSON.writeValueAsBytes(root);
    }

    private static String moto(String endpoint, String path) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + path));
        request = path.endsWith("download-recording") ? request.GET() : request.POST(HttpRequest.BodyPublishers.noBody());
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
