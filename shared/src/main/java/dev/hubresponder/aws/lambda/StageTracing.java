package dev.hubresponder.aws.lambda;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.AWSXRayRecorderBuilder;
import com.amazonaws.xray.contexts.LambdaSegmentContext;
import com.amazonaws.xray.contexts.SegmentContextResolverChain;
import com.amazonaws.xray.contexts.ThreadLocalSegmentContextResolver;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.lambda.powertools.tracing.TracingUtils;

/**
 * X-Ray subsegments for a stage's work (Powertools' {@code TracingUtils}, no AspectJ), each annotated so that traces
 * can be searched by finding, action and outcome. The AWS SDK calls made inside one become its subsegments: the
 * X-Ray SDK's instrumentor adds itself to every SDK client found on the class path.
 *
 * <p>Where there is no trace (a local run or a test without Lambda's trace header, no X-Ray daemon) nothing is
 * recorded and nothing is logged: a missing trace context is ignored rather than logged as an error on every SDK
 * call. A trace header, set by Lambda for each invocation of a function with {@code Tracing: Active}, is honoured
 * wherever the function runs.
 */
final class StageTracing {
    /** Where Lambda's Java runtime puts the invocation's trace header; {@code _X_AMZN_TRACE_ID} in the environment. */
    private static final String TRACE_HEADER_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String TRACE_HEADER_VARIABLE = "_X_AMZN_TRACE_ID";

    static {
        LambdaSegmentContext invocation = new LambdaSegmentContext();
        SegmentContextResolverChain contexts = new SegmentContextResolverChain();
        contexts.addResolver(() -> traceHeader() ? invocation : null);
        contexts.addResolver(new ThreadLocalSegmentContextResolver());
        AWSXRay.setGlobalRecorder(AWSXRayRecorderBuilder.standard()
                .withSegmentContextResolverChain(contexts)
                .withContextMissingStrategy(new IgnoreErrorContextMissingStrategy())
                .build());
    }

    private StageTracing() {
    }

    /**
     * Makes sure the recorder above is the one in use: called when a stage function is built, before its first AWS
     * call, which would otherwise meet the X-Ray SDK's default recorder (it logs an error for every call without a
     * trace context).
     */
    static void configure() {
        // the class's initialisation does the work, once
    }

    /**
     * Runs the work in a subsegment {@code ## <name>} carrying the given annotations, then the annotations its result
     * yields; a failure is recorded on the subsegment and rethrown.
     */
    static <T> T traced(String name, Map<String, String> annotations, Supplier<T> work,
                        Function<T, Map<String, String>> resultAnnotations) {
        Object[] result = new Object[1];
        TracingUtils.withSubsegment(name, subsegment -> {
            annotations.forEach(subsegment::putAnnotation);
            try {
                result[0] = work.get();
            } catch (RuntimeException e) {
                subsegment.addException(e);
                throw e;
            }
            @SuppressWarnings("unchecked")
            T done = (T) result[0];
            resultAnnotations.apply(done).forEach(subsegment::putAnnotation);
        });
        @SuppressWarnings("unchecked")
        T done = (T) result[0];
        return done;
    }

    private static boolean traceHeader() {
        String property = System.getProperty(TRACE_HEADER_PROPERTY);
        String variable = System.getenv(TRACE_HEADER_VARIABLE);
        return property != null && !property.isBlank() || variable != null && !variable.isBlank();
    }
}
