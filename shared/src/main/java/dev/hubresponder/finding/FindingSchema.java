package dev.hubresponder.finding;

/** The format a finding arrived in; it decides how the finding is written back to Security Hub. */
public enum FindingSchema {
    /** AWS Security Finding Format, updated with {@code BatchUpdateFindings}. */
    ASFF,
    /** OCSF as published by Security Hub "v2", updated with {@code BatchUpdateFindingsV2}. */
    OCSF
}
