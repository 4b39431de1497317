package dev.hubresponder.finding;

/** The kinds of EventBridge event that carry Security Hub findings. */
public enum EventKind {
    /** {@code Security Hub Findings - Imported}: a finding was created or updated (ASFF). */
    IMPORTED("Security Hub Findings - Imported"),
    /** {@code Security Hub Findings - Custom Action}: an analyst chose an action on findings (ASFF). */
    CUSTOM_ACTION("Security Hub Findings - Custom Action"),
    /** {@code Findings Imported V2}: a finding was created or updated (OCSF). */
    IMPORTED_V2("Findings Imported V2");

    private final String detailType;

    EventKind(String detailType) {
        this.detailType = detailType;
    }

    public String detailType() {
        return detailType;
    }

    /** The kind for an EventBridge {@code detail-type}, or null when it is not one of these. */
    public static EventKind fromDetailType(String detailType) {
        for (EventKind kind : values()) {
            if (kind.detailType.equals(detailType)) {
                return kind;
            }
        }
        return null;
    }
}
