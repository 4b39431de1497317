package dev.hubresponder.block;

import java.util.Map;

/**
 * The account's own public addresses: its Elastic IPs and its NAT gateways' public addresses, in the Region the
 * responder runs in. The port the EC2 adapter implements; {@link BlockAddresses} asks once per run and never blocks
 * one of them (blocking a NAT gateway's address would cut the account's own outbound traffic off from everything
 * behind the web ACL).
 *
 * <p>A lookup that fails is a {@link Lookup.Failed}, never an empty answer: the caller then refuses (or retries)
 * rather than block without the check.
 */
public interface OwnAddresses {

    /** Looks the addresses up now; never throws for an AWS error. */
    Lookup lookup();

    /** Addresses known in advance (tests, and accounts described by hand). */
    static OwnAddresses fixed(Map<String, String> owners) {
        Lookup found = new Lookup.Found(owners);
        return () -> found;
    }

    /** What a lookup found. */
    sealed interface Lookup {

        /**
         * @param owners each own address as AWS lists it (e.g. {@code 198.51.100.7}) and what it belongs to, said
         *               for people: {@code an Elastic IP of this account (eipalloc-0abc…)}, {@code the public address
         *               of NAT gateway nat-0abc…}
         */
        record Found(Map<String, String> owners) implements Lookup {
            public Found {
                owners = Map.copyOf(owners);
            }
        }

        /**
         * @param retryable true when a later delivery may succeed (throttling, EC2 unavailable or unreachable);
         *                  false when it will not without a change (a missing permission)
         * @param reason    what failed, naming the call and AWS's error
         */
        record Failed(boolean retryable, String reason) implements Lookup {
        }
    }
}
