package dev.hubresponder.aws.waf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubresponder.block.IpVersion;
import dev.hubresponder.block.SetEdit;
import dev.hubresponder.block.SetWrite;
import dev.hubresponder.block.WriteFailure;
import dev.hubresponder.testkit.MotoServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.wafv2.Wafv2Client;
import software.amazon.awssdk.services.wafv2.model.CreateIpSetResponse;
import software.amazon.awssdk.services.wafv2.model.IPAddressVersion;
import software.amazon.awssdk.services.wafv2.model.Scope;
import software.amazon.awssdk.services.wafv2.model.UpdateIpSetRequest;

/**
 * The WAFv2 adapter against moto's WAFv2, which rejects a stale lock token with {@code WAFOptimisticLockException}
 * as AWS does. Precondition: {@code moto_server} installed (started by the test on a free 127.0.0.1 port; the test
 * fails naming the install command when it is missing).
 */
class WafIpSetBlockListTest {
    static MotoServer moto;
    static Wafv2Client waf;

    IpSetRef ipv4;
    IpSetRef ipv6;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        waf = client(moto.endpointUri(), List.of());
    }

    @AfterAll
    static void stopMoto() {
        waf.close();
        moto.close();
    }

    @BeforeEach
    void freshSets() {
        moto.reset();
        ipv4 = createSet(waf, "hub-responder-v4", IPAddressVersion.IPV4, List.of("1.1.1.1/32"));
        ipv6 = createSet(waf, "hub-responder-v6", IPAddressVersion.IPV6, List.of());
    }

    static Wafv2Client client(URI endpoint, List<ExecutionInterceptor> interceptors) {
        return MotoServer.client(Wafv2Client.builder(), endpoint)
                .overrideConfiguration(c -> c.executionInterceptors(interceptors))
                .build();
    }

    static IpSetRef createSet(Wafv2Client waf, String name, IPAddressVersion version, List<String> addresses) {
        CreateIpSetResponse created = waf.createIPSet(r -> r.name(name).scope(Scope.REGIONAL)
                .ipAddressVersion(version).addresses(addresses).description("blocked by hub-responder"));
        return IpSetRef.fromArn(created.summary().arn(), "test");
    }

    static List<String> addresses(IpSetRef set) {
        return waf.getIPSet(r -> r.name(set.name()).scope(set.scope()).id(set.id())).ipSet().addresses();
    }

    static Backoff noWait(int attempts) {
        return new Backoff(attempts, Duration.ofMillis(100), Duration.ofSeconds(2), millis -> { });
    }

    record Add(List<String> additions, List<String> removals) implements SetEdit {
        static Add of(String... hosts) {
            return new Add(List.of(hosts), List.of());
        }
    }

    @Test
    void mergesIntoTheSetAndKeepsWhatWasThereAndTheDescription() {
        WafIpSetBlockList sets = new WafIpSetBlockList(waf, ipv4, ipv6, noWait(3));

        SetWrite<Add> write = sets.edit(IpVersion.V4, current -> Add.of("185.220.101.4/32"));

        assertThat(write).isInstanceOf(SetWrite.Written.class);
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", "185.220.101.4/32");
        assertThat(waf.getIPSet(r -> r.name(ipv4.name()).scope(ipv4.scope()).id(ipv4.id())).ipSet().description())
                .isEqualTo("blocked by hub-responder");
    }

    @Test
    void writesNothingWhenEveryAdditionIsAlreadyThere() {
        UpdateCounter updates = new UpdateCounter();
        try (Wafv2Client counted = client(moto.endpointUri(), List.of(updates))) {
            WafIpSetBlockList sets = new WafIpSetBlockList(counted, ipv4, ipv6, noWait(3));

            SetWrite<Add> write = sets.edit(IpVersion.V4, current -> Add.of("1.1.1.1/32"));

            assertThat(write).isInstanceOf(SetWrite.Unchanged.class);
            assertThat(updates.count.get()).isZero();
        }
    }

    @Test
    void reReadsAndDecidesAgainWhenAnotherWriterChangedTheSetFirst() {
        WafIpSetBlockList other = new WafIpSetBlockList(waf, ipv4, ipv6, noWait(3));
        AtomicBoolean interleaved = new AtomicBoolean();
        ExecutionInterceptor otherWriterFirst = beforeUpdate(request -> {
            if (interleaved.compareAndSet(false, true)) {
                other.edit(IpVersion.V4, current -> Add.of("45.155.205.233/32"));
            }
        });
        List<Integer> seenSizes = new ArrayList<>();
        try (Wafv2Client racing = client(moto.endpointUri(), List.of(otherWriterFirst))) {
            WafIpSetBlockList sets = new WafIpSetBlockList(racing, ipv4, ipv6, noWait(3));

            SetWrite<Add> write = sets.edit(IpVersion.V4, current -> {
                seenSizes.add(current.size());
                return Add.of("185.220.101.4/32");
            });

            assertThat(write.attempts()).isEqualTo(2);
            assertThat(((SetWrite.Written<Add>) write).before().entries())
                    .containsExactlyInAnyOrder("1.1.1.1/32", "45.155.205.233/32");
        }
        assertThat(seenSizes).containsExactly(1, 2);
        assertThat(addresses(ipv4)).containsExactlyInAnyOrder("1.1.1.1/32", "45.155.205.233/32",
                "185.220.101.4/32");
    }

    @Test
    void twoWritersRacingOnOneSetLoseNoUpdate() throws Exception {
        int writers = 2;
        int perWriter = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> writes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            writes.add(pool.submit(() -> {
                WafIpSetBlockList sets = new WafIpSetBlockList(waf, ipv4, ipv6,
                        new Backoff(20, Duration.ofMillis(5), Duration.ofMillis(50), Thread::sleep));
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    String host = "2a06:98c0:" + (writer + 1) + "::" + Integer.toHexString(i + 1) + "/128";
                    SetWrite<Add> write = sets.edit(IpVersion.V6, current -> Add.of(host));
                    assertThat(write).as(host).isInstanceOf(SetWrite.Written.class);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Void> f : writes) {
            f.get(60, TimeUnit.SECONDS); // rethrows a writer's failed assertion
        }
        pool.shutdown();

        assertThat(addresses(ipv6)).hasSize(writers * perWriter);
    }

    @Test
    void givesUpWithAConflictOutcomeWhenTheSetKeepsChanging() {
        WafIpSetBlockList other = new WafIpSetBlockList(waf, ipv4, ipv6, noWait(3));
        AtomicInteger n = new AtomicInteger();
        ExecutionInterceptor alwaysFirst = beforeUpdate(request ->
                other.edit(IpVersion.V4, current -> Add.of("45.155.205." + n.incrementAndGet() + "/32")));
        try (Wafv2Client racing = client(moto.endpointUri(), List.of(alwaysFirst))) {
            WafIpSetBlockList sets = new WafIpSetBlockList(racing, ipv4, ipv6, noWait(4));

            SetWrite<Add> write = sets.edit(IpVersion.V4, current -> Add.of("185.220.101.4/32"));

            assertThat(write).isInstanceOfSatisfying(SetWrite.Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(WriteFailure.CONFLICT);
                assertThat(failed.attempts()).isEqualTo(4);
                assertThat(failed.message()).contains("hub-responder-v4").contains("after 4 reads");
            });
        }
        assertThat(addresses(ipv4)).doesNotContain("185.220.101.4/32").hasSize(5);
    }

    @Test
    void saysTheSetIsMissingWhenItIsGone() {
        IpSetRef gone = new IpSetRef(ipv4.arn().replace(ipv4.id(), "00000000-0000-0000-0000-000000000000"),
                ipv4.name(), "00000000-0000-0000-0000-000000000000", Scope.REGIONAL);
        WafIpSetBlockList sets = new WafIpSetBlockList(waf, gone, ipv6, noWait(3));

        SetWrite<Add> write = sets.edit(IpVersion.V4, current -> Add.of("185.220.101.4/32"));

        assertThat(write).isInstanceOfSatisfying(SetWrite.Failed.class, failed ->
                assertThat(failed.failure()).isEqualTo(WriteFailure.SET_MISSING));
    }

    @Test
    void removesEntriesNamedAsTheSetListsThem() {
        waf.updateIPSet(r -> r.name(ipv6.name()).scope(ipv6.scope()).id(ipv6.id())
                .addresses("2A06:98C0:0:0:0:0:0:1/128", "2a06:98c0::2/128")
                .lockToken(waf.getIPSet(g -> g.name(ipv6.name()).scope(ipv6.scope()).id(ipv6.id())).lockToken()));
        WafIpSetBlockList sets = new WafIpSetBlockList(waf, ipv4, ipv6, noWait(3));

        sets.edit(IpVersion.V6, current -> new Add(List.of(), List.of(current.entryFor("2a06:98c0::1/128"))));

        assertThat(addresses(ipv6)).containsExactly("2a06:98c0::2/128");
    }

    private static ExecutionInterceptor beforeUpdate(Consumer<UpdateIpSetRequest> action) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateIpSetRequest update) {
                    action.accept(update);
                }
            }
        };
    }

    /** Counts UpdateIPSet calls sent. */
    static final class UpdateCounter implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateIpSetRequest) {
                count.incrementAndGet();
            }
        }
    }
}
