package io.stackpilot.activities.compose;

import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares the desired project with the containers Docker has, service by service, and says why each changes. */
public final class ComposePlanner {

  /** A container of the project as Docker reports it. */
  public record Actual(String id, String service, boolean running, Map<String, String> labels) {}

  private ComposePlanner() {}

  /**
   * @param releaseServices every service of the release, to tell a disabled service from an orphan
   */
  public static StackPlan plan(ComposeProject desired, Collection<Actual> actual, Collection<String> releaseServices) {
    return plan(desired, actual, releaseServices, java.util.Set.of(desired.network()), java.util.Set.copyOf(desired.volumes()));
  }

  /** As above, knowing which networks and volumes exist, so the plan names those it creates. */
  public static StackPlan plan(ComposeProject desired, Collection<Actual> actual, Collection<String> releaseServices,
      java.util.Set<String> existingNetworks, java.util.Set<String> existingVolumes) {
    List<String> resources = new ArrayList<>();
    if (!existingNetworks.contains(desired.network())) {
      resources.add("network " + desired.network() + ": create");
    }
    desired.volumes().stream().filter(v -> !existingVolumes.contains(v)).forEach(v -> resources.add("volume " + v + ": create"));
    Map<String, Actual> byService = new LinkedHashMap<>();
    actual.forEach(a -> byService.put(a.service(), a));
    List<ServiceChange> changes = new ArrayList<>();
    for (Actual a : actual) {
      if (desired.services().stream().noneMatch(s -> s.name().equals(a.service()))) {
        changes.add(new ServiceChange(a.service(), Action.REMOVE,
            releaseServices.contains(a.service()) ? "disabled in stack.yaml" : "orphan: not a service of release " + desired.release()));
      }
    }
    for (ComposeService service : desired.services()) {
      Actual a = byService.get(service.name());
      if (a == null) {
        changes.add(new ServiceChange(service.name(), Action.CREATE, "not created yet"));
        continue;
      }
      String wanted = ComposeLabels.container(desired, service).get(ComposeLabels.CONFIG_HASH);
      if (!wanted.equals(a.labels().get(ComposeLabels.CONFIG_HASH))) {
        changes.add(new ServiceChange(service.name(), Action.RECREATE, reasons(service, a.labels())));
      } else if (!a.running()) {
        changes.add(new ServiceChange(service.name(), Action.START, "stopped"));
      } else {
        changes.add(new ServiceChange(service.name(), Action.UNCHANGED, "up to date"));
      }
    }
    return new StackPlan(desired.name(), resources, changes);
  }

  private static String reasons(ComposeService service, Map<String, String> labels) {
    Map<String, String> before = ComposeLabels.readAspects(labels);
    List<String> reasons = new ArrayList<>();
    ComposeLabels.aspectHashes(service).forEach((aspect, hash) -> {
      if (!hash.equals(before.get(aspect))) {
        reasons.add(aspect.equals("image")
            ? "image " + labels.getOrDefault(ComposeLabels.IMAGE, "unknown") + " → " + service.image()
            : aspect + " changed");
      }
    });
    return reasons.isEmpty() ? "configuration changed" : String.join(", ", reasons);
  }
}
