package io.stackpilot.activities.compose;

import static io.stackpilot.activities.ActivityFailures.translated;

import io.stackpilot.activities.HeartbeatTicker;
import io.stackpilot.workflows.activities.ApplyResult;
import io.stackpilot.workflows.activities.DesiredState;
import io.stackpilot.workflows.activities.HostPlan;
import io.stackpilot.workflows.activities.ServiceChange;
import io.stackpilot.workflows.activities.StackHostActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The host agent's Docker work on a stack, in its directory below the stacks directory. Progress goes out as
 * heartbeat details; secret values stay on this host.
 */
public final class StackHostActivitiesImpl implements StackHostActivities {

  private final ComposeApplier applier;
  private final ComposeRenderer renderer;
  private final Path stacksDir;

  public StackHostActivitiesImpl(ComposeApplier applier, SecretResolver secrets, Path stacksDir) {
    this.applier = applier;
    this.renderer = new ComposeRenderer(secrets);
    this.stacksDir = stacksDir;
  }

  @Override
  public void prepareHost(DesiredState stack) {
    live("prepare host", () -> {
      ComposeRenderer.Rendered rendered = render(stack);
      StackDirectory.write(rendered);
      applier.prepare(rendered.project());
      return null;
    });
  }

  @Override
  public void pullImages(DesiredState stack) {
    translated(() -> {
      applier.pull(render(stack).project(), heartbeat());
      return null;
    });
  }

  @Override
  public void startDatabase(DesiredState stack) {
    live("start database", () -> {
      ComposeProject project = write(stack);
      String db = stack.release().database().service();
      applier.apply(project, stack.release().services().keySet(), Set.of(db), heartbeat());
      applier.verifyHealth(project.only(db), heartbeat());
      return null;
    });
  }

  @Override
  public ApplyResult startServices(DesiredState stack) {
    return live("start services", () -> {
      StackPlan plan = applier.apply(write(stack), stack.release().services().keySet(), null, heartbeat());
      return new ApplyResult(
          names(plan, ServiceChange.Action.CREATE, ServiceChange.Action.RECREATE, ServiceChange.Action.START),
          names(plan, ServiceChange.Action.UNCHANGED),
          names(plan, ServiceChange.Action.REMOVE),
          plan.allLines());
    });
  }

  @Override
  public HostPlan planServices(DesiredState stack) {
    return live("plan services", () -> {
      ComposeProject project = render(stack).project();
      StackPlan plan = applier.plan(project, stack.release().services().keySet());
      List<String> present = applier.actual(stack.stack().project()).stream().map(ComposePlanner.Actual::service)
          .filter(java.util.Objects::nonNull).distinct().sorted().toList();
      return new HostPlan(plan.allLines(), plan.changesNothing(), present, applier.missingImages(project), plan.changes());
    });
  }

  @Override
  public void verifyHealth(DesiredState stack) {
    live("verify health", () -> {
      applier.verifyHealth(render(stack).project(), heartbeat());
      return null;
    });
  }

  @Override
  public void stopStack(DesiredState stack) {
    live("stop stack", () -> {
      applier.down(stack.stack().project());
      return null;
    });
  }

  @Override
  public void removeDrill(DesiredState drill) {
    String project = drill.stack().project();
    if (!drill.stack().drillCopy()) {
      throw new io.stackpilot.model.InvalidConfigurationException("refusing to remove stack " + project + " and its "
          + "volumes: only a drill copy of a stack is ever removed");
    }
    live("remove drill " + project, () -> {
      applier.down(project);
      StackLayout layout = StackLayout.of(project, stacksDir);
      applier.removeVolumes(drill.release().volumes().stream().map(layout::volumeName).toList());
      StackDirectory.remove(layout.dir());
      return null;
    });
  }

  private ComposeRenderer.Rendered render(DesiredState stack) {
    return renderer.render(stack, stacksDir.resolve(stack.stack().project()));
  }

  private ComposeProject write(DesiredState stack) {
    ComposeRenderer.Rendered rendered = render(stack);
    StackDirectory.write(rendered);
    return rendered.project();
  }

  private static List<String> names(StackPlan plan, ServiceChange.Action... actions) {
    List<ServiceChange.Action> wanted = List.of(actions);
    return plan.changes().stream().filter(c -> wanted.contains(c.action())).map(ServiceChange::service).toList();
  }

  /**
   * Docker work that moves no data of its own: the agent's liveness heartbeats while it runs, so a dead agent is
   * noticed within the heartbeat timeout. (A pull reports the Engine's own progress instead: a stalled pull stops.)
   */
  private static <T> T live(String what, Supplier<T> work) {
    try (HeartbeatTicker alive = new HeartbeatTicker(what, heartbeat())) {
      return translated(work);
    }
  }

  /** Taken on the activity's thread: progress also comes from the Engine's callback threads (a pull's reports). */
  private static Consumer<String> heartbeat() {
    ActivityExecutionContext context = Activity.getExecutionContext();
    return context::heartbeat;
  }

}
