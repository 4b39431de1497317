package dev.hubresponder.finding;

import java.util.List;

/**
 * A GuardDuty Extended Threat Detection attack sequence, as Security Hub carries it in ASFF
 * {@code Detection.Sequence}: the correlated signals (findings and API activity) and the network endpoints they
 * involved. The sequence's resources are the finding's {@code Resources}; its public endpoints are also listed in
 * the finding's remote addresses, with their direction, so that the address guards see them like any other peer.
 *
 * @param uid        {@code Detection.Sequence.Uid}
 * @param signals    {@code Detection.Sequence.Signals[]}, in the producer's order
 * @param endpoints  {@code Detection.Sequence.Endpoints[]}, in the producer's order
 * @param indicators {@code Detection.Sequence.SequenceIndicators[].Key}, distinct, e.g. {@code ATTACK_TACTIC}
 */
public record AttackSequence(String uid, List<Signal> signals, List<Endpoint> endpoints, List<String> indicators) {
    public AttackSequence {
        signals = List.copyOf(signals);
        endpoints = List.copyOf(endpoints);
        indicators = List.copyOf(indicators);
    }

    /**
     * One signal of the sequence.
     *
     * @param type        {@code Type}: FINDING, CLOUD_TRAIL, S3_DATA_EVENTS …
     * @param name        {@code Name} (the finding type for FINDING signals) or, without it, {@code Title}
     * @param severity    {@code Severity}, GuardDuty's native 1–10 value, or null
     * @param count       {@code Count}, or null
     * @param resourceIds {@code ResourceIds}
     */
    public record Signal(String type, String name, Double severity, Integer count, List<String> resourceIds) {
        public Signal {
            resourceIds = List.copyOf(resourceIds);
        }
    }

    /**
     * One network endpoint of the sequence.
     *
     * @param ip        {@code Ip}, as written, or null
     * @param domain    {@code Domain}, or null
     * @param port      {@code Port}, or null
     * @param direction {@code Connection.Direction} as seen from the sequence's resources
     */
    public record Endpoint(String ip, String domain, Integer port, Direction direction) {
    }
}
