package dev.hubresponder.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubresponder.audit.DeferredFindingNotes;
import dev.hubresponder.audit.NoteReport;
import dev.hubresponder.config.ResponderConfig;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the SnapStart hook does before a checkpoint: warm up, build the notes client, call nothing. */
class SnapStartPrimingTest {

    @Test
    void beforeCheckpointBuildsTheNotesClientOnceAndWritesNoNote() {
        AtomicInteger built = new AtomicInteger();
        AtomicInteger written = new AtomicInteger();
        DeferredFindingNotes notes = new DeferredFindingNotes(() -> {
            built.incrementAndGet();
            return batch -> {
                written.incrementAndGet();
                return new NoteReport(List.of(), List.of());
            };
        });
        SnapStartPriming priming = new SnapStartPriming(ResponderConfig.defaults(), new ObjectMapper(), notes);

        priming.beforeCheckpoint(null);
        priming.beforeCheckpoint(null);

        assertThat(built).hasValue(1);
        assertThat(written).hasValue(0);
    }
}
