package dev.hubresponder.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.MalformedEventException;
import dev.hubresponder.plan.Plan;
import dev.hubresponder.plan.ResponsePlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Warm throughput of the decision path every function runs first: intake (the event's bytes to findings), routing
 * and guards ({@link ResponsePlanner#plan(byte[])}), in-process, on one thread.
 *
 * <p>One operation plans every readable event of {@code events/} once (the malformed ones are refused as they
 * would be); {@link #FINDINGS_PER_PASS} findings go through intake per operation, so findings/s = ops/s × that.
 * {@link #planOneEvent()} samples the latency of planning one event (most carry one finding), cycling through them.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class PlanningBenchmark {
    /** Set by {@link #load()}: findings (valid or rejected) that intake reads in one pass over the events. */
    public static int FINDINGS_PER_PASS;

    private final List<byte[]> events = new ArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();
    private ResponsePlanner planner;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        Path folder = Path.of(System.getProperty("events", "events"));
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                events.add(Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the events in " + folder.toAbsolutePath(), e);
        }
        planner = new ResponsePlanner(ResponderConfig.fromEnv(Map.of()), mapper);
        int findings = 0;
        for (byte[] event : events) {
            Plan plan = planOrNull(event);
            findings += plan == null ? 0 : plan.decisions().size() + plan.errors().size();
        }
        FINDINGS_PER_PASS = findings;
        System.out.println("# events per pass: " + events.size() + ", findings per pass: " + findings);
    }

    private Plan planOrNull(byte[] event) {
        try {
            return planner.plan(event);
        } catch (MalformedEventException e) {
            return null;
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.Throughput})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void planEveryEvent(Blackhole sink) {
        for (byte[] event : events) {
            sink.consume(planOrNull(event));
        }
    }

    /** The floor under {@link #planEveryEvent}: Jackson reading the same bytes into trees, nothing decided. */
    @Benchmark
    @BenchmarkMode({Mode.Throughput})
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void parseEveryEventOnly(Blackhole sink) throws IOException {
        for (byte[] event : events) {
            sink.consume(mapper.readTree(event));
        }
    }

    @Benchmark
    @BenchmarkMode({Mode.SampleTime})
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Plan planOneEvent() {
        byte[] event = events.get(next);
        next = (next + 1) % events.size();
        return planOrNull(event);
    }
}
