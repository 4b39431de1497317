package dev.hubresponder.functions.digest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.hubresponder.digest.DigestResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * The scheduled digest: a {@link DigestRequest} from an EventBridge schedule in, one digest message out, its
 * {@link DigestResult} returned.
 *
 * <p>Input that names no tier is logged and answered with an error, not retried. Findings or the topic being
 * unavailable right now is thrown, so that Lambda retries the scheduled invocation.
 *
 * <p>Logs go through {@link System.Logger} as one line each, {@code key=value} fields after the event's name
 * (see {@link DigestWiring#ONE_LINE_FORMAT}): this function ships without log4j to stay under 20 MB.
 */
public final class SendDigestHandler implements RequestStreamHandler {
    static {
        DigestWiring.useOneLineLogs();
    }

    private static final System.Logger LOG = System.getLogger(SendDigestHandler.class.getName());

    private final DigestWiring wiring;

    /** Lambda's entry: wiring from the environment, built once per execution environment. */
    public SendDigestHandler() {
        this(DigestWiring.fromEnv(System.getenv()));
    }

    /** For tests: wiring built from a literal environment and test collaborators ({@link DigestWiring#of}). */
    SendDigestHandler(DigestWiring wiring) {
        this.wiring = wiring;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        DigestRequest request = DigestRequest.read(wiring.mapper(), input);
        if (request.tier().isEmpty()) {
            LOG.log(Level.ERROR, "digest refused: requestId={0} error={1}", context.getAwsRequestId(),
                    request.error());
            wiring.mapper().writeValue(output, Map.of("error", request.error()));
            return;
        }
        DigestResult result = wiring.digests().send(request.tier().get());
        LOG.log(Level.INFO, "digest handled: requestId={0} digest={1} status={2} included={3} dropped={4}"
                        + " complete={5} detail={6}", context.getAwsRequestId(), result.tier(), result.status(),
                result.included(), result.dropped(), result.scan() == null || result.scan().complete(),
                result.detail());
        wiring.mapper().writeValue(output, result);
    }
}
