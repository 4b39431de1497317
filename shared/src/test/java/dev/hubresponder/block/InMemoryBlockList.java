package dev.hubresponder.block;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Two IP sets in memory, counting writes, with failures that a test can queue. Unit tests only. */
final class InMemoryBlockList implements BlockList {
    private final Map<IpVersion, Set<String>> sets = new EnumMap<>(IpVersion.class);
    private final Map<IpVersion, Integer> writes = new EnumMap<>(IpVersion.class);
    private final Deque<WriteFailure> failures = new ArrayDeque<>();

    InMemoryBlockList() {
        for (IpVersion version : IpVersion.values()) {
            sets.put(version, new LinkedHashSet<>());
            writes.put(version, 0);
        }
    }

    @Override
    public String setName(IpVersion version) {
        return "arn:aws:wafv2:us-east-1:123456789012:regional/ipset/hub-responder-" + version.name().toLowerCase()
                + "/id-" + version;
    }

    @Override
    public synchronized <E extends SetEdit> SetWrite<E> edit(IpVersion version, Function<SetContents, E> decide) {
        if (!failures.isEmpty()) {
            WriteFailure failure = failures.poll();
            return new SetWrite.Failed<>(failure, "injected " + failure, 1);
        }
        Set<String> set = sets.get(version);
        SetContents before = new SetContents(setName(version), new ArrayList<>(set));
        E edit = decide.apply(before);
        boolean changed = set.removeAll(edit.removals()) | set.addAll(edit.additions());
        if (!changed) {
            return new SetWrite.Unchanged<>(edit, before, 1);
        }
        writes.merge(version, 1, Integer::sum);
        return new SetWrite.Written<>(edit, before, set.size(), 1);
    }

    void failNext(WriteFailure failure) {
        failures.add(failure);
    }

    /** Adds entries as a person would, outside the responder. */
    void addByHand(IpVersion version, String... entries) {
        sets.get(version).addAll(List.of(entries));
    }

    void removeByHand(IpVersion version, String entry) {
        sets.get(version).remove(entry);
    }

    Set<String> entries(IpVersion version) {
        return Set.copyOf(sets.get(version));
    }

    int writes(IpVersion version) {
        return writes.get(version);
    }

    int writes() {
        return writes.values().stream().mapToInt(Integer::intValue).sum();
    }
}
