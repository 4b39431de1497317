package dev.hubresponder.containment.ecs;

import dev.hubresponder.containment.Change;
import dev.hubresponder.containment.ChangeStatus;
import dev.hubresponder.containment.Lookup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS as a test scripts it: tasks and services it knows, answers it gives instead, and every call it received.
 * Used where moto cannot produce the answer (access denied, throttling).
 */
final class FakeEcs implements EcsTasks {
    final Map<String, TaskSnapshot> tasks = new HashMap<>();
    final Map<String, ServiceSnapshot> services = new HashMap<>();
    final Map<String, Lookup<TaskSnapshot>> taskAnswers = new HashMap<>();
    final Map<String, Lookup<ServiceSnapshot>> serviceAnswers = new HashMap<>();
    final Deque<RuntimeException> stopFailures = new ArrayDeque<>();
    Change stopAnswer = Change.done();
    Change scaleAnswer = Change.done();
    final List<String> calls = new ArrayList<>();

    @Override
    public Lookup<TaskSnapshot> describeTask(String cluster, String taskArn) {
        calls.add("DescribeTasks " + cluster + " " + taskArn);
        if (taskAnswers.containsKey(taskArn)) {
            return taskAnswers.get(taskArn);
        }
        TaskSnapshot task = tasks.get(taskArn);
        return task == null ? Lookup.missing("not in " + cluster) : Lookup.found(task);
    }

    @Override
    public Lookup<ServiceSnapshot> describeService(String cluster, String serviceName) {
        calls.add("DescribeServices " + cluster + " " + serviceName);
        if (serviceAnswers.containsKey(serviceName)) {
            return serviceAnswers.get(serviceName);
        }
        ServiceSnapshot service = services.get(serviceName);
        return service == null ? Lookup.missing("no service " + serviceName) : Lookup.found(service);
    }

    @Override
    public Change stopTask(String cluster, String taskArn, String reason) {
        calls.add("StopTask " + cluster + " " + taskArn);
        if (!stopFailures.isEmpty()) {
            throw stopFailures.pop();
        }
        return stopAnswer;
    }

    @Override
    public Change setDesiredCount(String cluster, String serviceName, int desiredCount) {
        calls.add("UpdateService " + cluster + " " + serviceName + " " + desiredCount);
        if (scaleAnswer.status() == ChangeStatus.DONE && services.containsKey(serviceName)) {
            ServiceSnapshot s = services.get(serviceName);
            services.put(serviceName, new ServiceSnapshot(s.serviceArn(), s.serviceName(), s.status(), desiredCount,
                    s.runningCount(), s.taskDefinitionArn(), s.tags()));
        }
        return scaleAnswer;
    }

    long callsStartingWith(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
