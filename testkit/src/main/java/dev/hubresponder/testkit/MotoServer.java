package dev.hubresponder.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A {@code moto_server} process on 127.0.0.1: the emulated AWS account that integration tests and the demo run
 * against. Started by the test (never assumed to be running), stopped by it.
 *
 * <p>If {@code moto_server} is not installed the start fails with the install hint: a test that needs the emulator
 * fails rather than skips.
 */
public final class MotoServer implements AutoCloseable {
    /** The fake credentials every emulator client uses; moto accepts any. */
    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final String REGION = "us-east-1";
    /** moto's default account id. */
    public static final String ACCOUNT = "123456789012";

    /**
     * moto's own {@code moto_server} serves each request on its own thread, and its DynamoDB checks a condition and
     * writes without a lock, so two concurrent conditional puts can both succeed where DynamoDB lets exactly one
     * through. Serving one request at a time makes every call atomic, as AWS's are; HTTP/1.0 without keep-alive
     * means no client can hold the server.
     */
    private static final String SERIAL_SERVER = String.join("\n",
            "import os, sys",
            "os.environ.setdefault(\"MOTO_PORT\", sys.argv[2])",
            "from werkzeug.serving import run_simple",
            "from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app",
            "app = DomainDispatcherApplication(create_backend_app)",
            "run_simple(sys.argv[1], int(sys.argv[2]), app, threaded=False, use_reloader=False)");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on a free loopback port and waits until it answers. */
    public static MotoServer start() {
        String executable = locate();
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-server-", ".log");
            // moto writes its request recording (moto_recording) into its working folder: keep it out of the repo.
            Path workDir = Files.createTempDirectory("moto-server-");
            Process process = new ProcessBuilder(python(executable), "-c", SERIAL_SERVER, "127.0.0.1",
                    Integer.toString(port))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, port, log);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the value for {@code AWS_ENDPOINT_URL}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public URI endpointUri() {
        return URI.create(endpoint());
    }

    /**
     * The builder pointed at this emulator: its endpoint, {@link #REGION}, the fake credentials and the
     * URL-connection HTTP client. Add interceptors or other settings before {@code build()}.
     */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B client(B builder) {
        return client(builder, endpointUri());
    }

    /**
     * As {@link #client(AwsClientBuilder)}, acting in another account and Region of the emulator: moto serves every
     * account from one server and selects it by the {@code x-moto-account-id} header (aws-facts §9). For building a
     * member account's estate; the responder itself reaches member accounts through STS AssumeRole.
     */
    public <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B client(B builder, String account,
                                                                                      String region) {
        return client(builder).region(Region.of(region))
                .overrideConfiguration(c -> c.putHeader("x-moto-account-id", account));
    }

    /** As {@link #client(AwsClientBuilder)}, for an endpoint in front of the emulator (a recording proxy). */
    public static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> B client(B builder,
                                                                                             URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** The environment a function needs to reach this emulator through the SDK's standard settings. */
    public Map<String, String> awsEnvironment() {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint(),
                "AWS_ACCESS_KEY_ID", ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_REGION", REGION,
                "AWS_DEFAULT_REGION", REGION);
    }

    /** Forgets every resource: each test starts from an empty account. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /**
     * Makes ECS tasks keep their state across {@code DescribeTasks} calls (moto advances them on every call
     * otherwise; aws-facts §9).
     */
    public void freezeEcsTaskStates() {
        post("/moto-api/state-manager/set-transition",
                "{\"model_name\":\"ecs::task\",\"transition\":{\"progression\":\"manual\",\"times\":1000000}}");
    }

    /** Sends a raw request to moto's own API. */
    public String post(String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + path))
                    .timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("moto " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + ": " + tail());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/data.json"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto_server", e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer on " + endpoint() + " within 60 s: " + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String locate() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv("MOTO_SERVER");
        if (override != null && !override.isBlank()) {
            candidates.add(Path.of(override));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "moto_server"));
            }
        }
        candidates.add(Path.of(System.getProperty("user.home"), ".pyenv", "shims", "moto_server"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("moto_server is not installed (looked on PATH and in ~/.pyenv/shims). "
                + "Install it with: pip install 'moto[server]' — or run .ci/run, which installs it.");
    }

    /** The Python that runs moto: the one beside {@code moto_server} (pyenv shims), else python3 on PATH. */
    private static String python(String motoServer) {
        Path sibling = Path.of(motoServer).resolveSibling("python3");
        return Files.isExecutable(sibling) ? sibling.toString() : "python3";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
