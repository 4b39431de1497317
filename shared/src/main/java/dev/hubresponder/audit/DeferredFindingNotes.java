package dev.hubresponder.audit;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@link FindingNotes} whose real implementation (and its SDK client) is built on the first note written, not at
 * init: an event that ends without a note (nothing to do, a malformed event, a finding another stage owns) never
 * loads the Security Hub client and its HTTP client. On SnapStart the containment functions' priming calls
 * {@link #prepare()} before the checkpoint, so that the client is in the snapshot all the same.
 */
public final class DeferredFindingNotes implements FindingNotes {
    private final Supplier<FindingNotes> factory;
    private FindingNotes notes;

    public DeferredFindingNotes(Supplier<FindingNotes> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Builds the real notes now (no call is made). */
    public synchronized FindingNotes prepare() {
        if (notes == null) {
            notes = Objects.requireNonNull(factory.get(), "the factory returned no FindingNotes");
        }
        return notes;
    }

    @Override
    public NoteReport write(List<FindingNote> batch) {
        return prepare().write(batch);
    }
}
