package dev.hubresponder.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredFindingNotesTest {
    private final AtomicInteger built = new AtomicInteger();
    private final List<List<FindingNote>> written = new ArrayList<>();
    private final DeferredFindingNotes notes = new DeferredFindingNotes(() -> {
        built.incrementAndGet();
        return batch -> {
            written.add(batch);
            return new NoteReport(List.of(), List.of());
        };
    });

    @Test
    void buildsNothingUntilTheFirstNote() {
        assertThat(built).hasValue(0);
    }

    @Test
    void buildsTheRealNotesOnceAndHandsThemEveryBatch() {
        notes.write(List.of());
        notes.write(List.of());

        assertThat(built).hasValue(1);
        assertThat(written).hasSize(2);
    }

    @Test
    void preparingBuildsTheRealNotesWithoutWritingAny() {
        notes.prepare();
        notes.write(List.of());

        assertThat(built).hasValue(1);
        assertThat(written).hasSize(1);
    }
}
