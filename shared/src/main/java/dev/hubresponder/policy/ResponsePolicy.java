package dev.hubresponder.policy;

import dev.hubresponder.config.ResponderConfig;
import dev.hubresponder.finding.CustomAction;
import dev.hubresponder.finding.Finding;

/** Decides what to do about one finding. STUB: replaced by the implementation. */
public final class ResponsePolicy {
    public ResponsePolicy(ResponderConfig config) {
    }

    /**
     * @param finding      the finding
     * @param customAction the analyst's action for custom action events, null for imported findings
     */
    public Decision decide(Finding finding, CustomAction customAction) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
