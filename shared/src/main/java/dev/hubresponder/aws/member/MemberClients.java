package dev.hubresponder.aws.member;

import dev.hubresponder.action.Reach;
import dev.hubresponder.action.Reachable;
import dev.hubresponder.finding.ResourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * An adapter (or a bundle of SDK clients) for each account and Region: the function's own, built at init, in the
 * stack's own account and Region; elsewhere one built on first use from the member role's credentials and kept for
 * that account, Region and finding. Any adapter that must act where a resource is (EC2, ECS, IAM) is reached
 * through one of these.
 *
 * @param <T> the adapter
 */
public final class MemberClients<T> implements Reachable<T> {
    /**
     * Adapters kept at once. An evicted one is left to the garbage collector: the functions' clients use the
     * URL-connection HTTP client, which holds no pool or thread to close.
     */
    private static final int MAX_BUILT = 32;

    private final T home;
    private final MemberAccounts accounts;
    private final BiFunction<Region, AwsCredentialsProvider, T> build;
    private final Map<String, T> built = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
            return size() > MAX_BUILT;
        }
    };

    /**
     * @param home     the adapter on the function's own clients
     * @param accounts who acts where
     * @param build    the adapter in a Region on given credentials (use {@link MemberAccounts#configure} on each
     *                 client builder); called outside init, on first use
     */
    public MemberClients(T home, MemberAccounts accounts, BiFunction<Region, AwsCredentialsProvider, T> build) {
        this.home = Objects.requireNonNull(home, "home");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.build = Objects.requireNonNull(build, "build");
    }

    @Override
    public Reach<T> at(ResourceLocation where, String findingId) {
        MemberAccounts.Access access = accounts.access(where, findingId);
        if (access instanceof MemberAccounts.Access.Refused refused) {
            return Reach.refused(refused.reason());
        }
        if (access instanceof MemberAccounts.Access.Assumed assumed) {
            synchronized (built) {
                return Reach.of(built.computeIfAbsent(where.region() + "|" + assumed.session(),
                        key -> build.apply(Region.of(where.region()), assumed.credentials())));
            }
        }
        return Reach.of(home);
    }
}
