package dev.hubresponder.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A stand-in for the X-Ray daemon: a UDP socket on 127.0.0.1 that keeps every segment document the X-Ray SDK sends
 * it. {@link #start()} points the SDK at it the way Lambda does with {@code AWS_XRAY_DAEMON_ADDRESS} (through the
 * SDK's system property, since a test cannot set the environment), and {@link #traceInvocation} sets the trace
 * header Lambda's Java runtime sets for each invocation. {@link #close()} takes both away again.
 */
public final class XRayDaemon implements AutoCloseable {
    /** The X-Ray SDK's system property for the daemon's address ({@code AWS_XRAY_DAEMON_ADDRESS} wins over it). */
    public static final String ADDRESS_PROPERTY = "com.amazonaws.xray.emitters.daemonAddress";
    /** Where Lambda's Java runtime puts the invocation's {@code X-Amzn-Trace-Id}. */
    public static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatagramSocket socket;
    private final List<JsonNode> documents = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private XRayDaemon(DatagramSocket socket) {
        this.socket = socket;
        this.reader = new Thread(this::receive, "xray-daemon");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** Listens on a free port of 127.0.0.1 and points the X-Ray SDK's emitters there. */
    public static XRayDaemon start() {
        try {
            DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            System.setProperty(ADDRESS_PROPERTY, "127.0.0.1:" + socket.getLocalPort());
            return new XRayDaemon(socket);
        } catch (SocketException e) {
            throw new UncheckedIOException("cannot listen for X-Ray segments on 127.0.0.1", e);
        }
    }

    /** Sets the trace header of the invocation that follows, as Lambda does for a function with active tracing. */
    public void traceInvocation(String traceHeader) {
        System.setProperty(TRACE_HEADER_PROPERTY, traceHeader);
    }

    /**
     * The documents received so far once one matches, waiting up to {@code patience} for it (the SDK sends as each
     * subsegment ends; the datagram may still be on its way when the invocation returns).
     */
    public List<JsonNode> documentsOnceAny(Predicate<JsonNode> expected, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        while (documents.stream().noneMatch(expected) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(documents);
    }

    /** Every subsegment in the documents, nested ones included, depth first. */
    public static List<JsonNode> subsegments(List<JsonNode> documents) {
        List<JsonNode> all = new ArrayList<>();
        documents.forEach(document -> collect(document, all));
        return all;
    }

    private static void collect(JsonNode entity, List<JsonNode> into) {
        into.add(entity);
        entity.path("subsegments").forEach(child -> collect(child, into));
    }

    private void receive() {
        byte[] buffer = new byte[64 * 1024];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                // "{"format": "json", "version": 1}\n{…the segment document…}"
                documents.add(JSON.readTree(text.substring(text.indexOf('\n') + 1)));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    throw new UncheckedIOException("X-Ray daemon stand-in could not read a datagram", e);
                }
            }
        }
    }

    @Override
    public void close() {
        System.clearProperty(TRACE_HEADER_PROPERTY);
        System.clearProperty(ADDRESS_PROPERTY);
        socket.close();
    }
}
