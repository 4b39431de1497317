package dev.hubresponder.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An {@link AlertChannel} that keeps what it was given and answers as told. */
public final class RecordingChannel implements AlertChannel {
    public final List<AlertMessage> published = new ArrayList<>();
    private Function<AlertMessage, Delivery> answer = m -> new Delivery.Sent("msg-" + published.size());

    public RecordingChannel answering(Function<AlertMessage, Delivery> answer) {
        this.answer = answer;
        return this;
    }

    @Override
    public Delivery publish(AlertMessage message) {
        published.add(message);
        return answer.apply(message);
    }
}
