package dev.hubresponder.containment.ec2;

import java.util.Objects;

/** What reading an instance's live state gave: the instance, the fact that it does not exist, or no answer. */
public sealed interface InstanceLookup {

    /** The instance as it is now. */
    record Found(InstanceDescription instance) implements InstanceLookup {
        public Found {
            Objects.requireNonNull(instance, "instance");
        }
    }

    /** EC2 says there is no such instance in this account and region. */
    record Missing(String reason) implements InstanceLookup {
    }

    /**
     * Its state could not be read (access denied, a call failed for good): the guards cannot decide, so nothing
     * may be done to it.
     */
    record Unreadable(String reason) implements InstanceLookup {
    }
}
