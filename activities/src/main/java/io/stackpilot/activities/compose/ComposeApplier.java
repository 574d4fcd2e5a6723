package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.RestartPolicy;
import io.stackpilot.workflows.activities.ServiceChange.Action;
import io.stackpilot.workflows.activities.ServiceChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reconciles a compose project against the Docker Engine the way a controller does: plan, then apply the
 * plan. Containers carry Compose's labels, so {@code docker compose -p <customer> ps|logs} works on them.
 * An apply never removes a volume.
 */
public final class ComposeApplier {

  /** A pull that takes longer is cancelled: PullImages has an hour, and a stalled pull stops its heartbeats before. */
  private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);

  private final DockerClient docker;
  private final HealthWaiter health;
  private final Duration healthTimeout;
  private final RegistryCredentials registries;

  public ComposeApplier(DockerClient docker, Duration healthTimeout, RegistryCredentials registries) {
    this.docker = docker;
    this.health = new HealthWaiter(docker);
    this.healthTimeout = healthTimeout;
    this.registries = registries;
  }

  /** The containers of the project as Docker reports them. */
  public List<ComposePlanner.Actual> actual(String project) {
    return docker.listContainersCmd().withShowAll(true)
        .withLabelFilter(Map.of(ComposeLabels.PROJECT, project)).exec().stream()
        .map(c -> new ComposePlanner.Actual(c.getId(), c.getLabels().get(ComposeLabels.SERVICE),
            "running".equals(c.getState()), c.getLabels()))
        .toList();
  }

  public StackPlan plan(ComposeProject project, Collection<String> releaseServices) {
    Set<String> networks = new java.util.HashSet<>();
    docker.listNetworksCmd().withNameFilter(project.network()).exec().forEach(n -> networks.add(n.getName()));
    Set<String> volumes = new java.util.HashSet<>();
    for (String volume : project.volumes()) {
      try {
        volumes.add(docker.inspectVolumeCmd(volume).exec().getName());
      } catch (NotFoundException missing) {
        // to be created
      }
    }
    return ComposePlanner.plan(project, actual(project.name()), releaseServices, networks, volumes);
  }

  /** Creates the project's network and named volumes where they are missing; they carry Compose's labels. */
  public void prepare(ComposeProject project) {
    ensureNetwork(project);
    ensureVolumes(project);
  }

  /** The project's images this Engine does not hold: what the pull step would bring over the network first. */
  public List<String> missingImages(ComposeProject project) {
    return images(project).stream().filter(image -> !imagePresent(image)).toList();
  }

  /**
   * Pulls every image of the project, so that a moved tag is noticed; checks each image after pulling. Up to
   * {@link #AT_ONCE} pulls run at once, as {@code docker-compose pull} does: a release's images share few layers.
   */
  public void pull(ComposeProject project, Consumer<String> progress) {
    List<String> images = List.copyOf(images(project));
    Map<String, Runnable> pulls = new LinkedHashMap<>();
    images.forEach(image -> pulls.put(image, () -> {
      progress.accept("pull " + image);
      pullImage(image, progress);
    }));
    inParallel(pulls, Map.of());
  }

  /**
   * Applies the plan for {@code only} these services (all when null): creates the network and volumes,
   * pulls missing images, removes what is disabled, creates or recreates in dependency order, and starts.
   */
  public StackPlan apply(ComposeProject project, Collection<String> releaseServices, Set<String> only,
      Consumer<String> progress) {
    StackPlan plan = plan(project, releaseServices);
    prepare(project);
    for (ServiceChange change : plan.changes()) {
      if (change.action() == Action.REMOVE && (only == null || only.contains(change.service()))) {
        progress.accept(change.toString());
        remove(project.containerName(change.service()));
      }
    }
    Map<String, Runnable> changes = new LinkedHashMap<>();
    Map<String, Set<String>> after = new LinkedHashMap<>();
    for (ComposeService service : project.services()) {
      if (only != null && !only.contains(service.name())) {
        continue;
      }
      ServiceChange change = plan.changes().stream().filter(c -> c.service().equals(service.name())).findFirst().orElseThrow();
      if (change.action() == Action.UNCHANGED) {
        continue;
      }
      after.put(service.name(), service.dependsOn().keySet());
      changes.put(service.name(), () -> {
        awaitDependencies(project, service, progress);
        progress.accept(change.toString());
        switch (change.action()) {
          case CREATE -> start(create(project, service, progress));
          case RECREATE -> {
            if (!imagePresent(service.image())) {
              pullImage(service.image(), progress);
            }
            remove(project.containerName(service.name()));
            start(create(project, service, progress));
          }
          case START -> start(project.containerName(service.name()));
          default -> { }
        }
      });
    }
    inParallel(changes, after);
    return plan;
  }

  /** Services created, started or pulled at once, at most. */
  static final int AT_ONCE = 4;

  /**
   * Runs each piece of work once the work it comes {@code after} (among these) is done, up to {@link #AT_ONCE} at
   * once, as {@code docker-compose up} starts services that do not depend on each other together. Returns when every
   * piece has ended, so that a retry never meets one still running; then throws the first failure as it was thrown
   * (work after a failed piece is not run).
   */
  private static void inParallel(Map<String, Runnable> work, Map<String, Set<String>> after) {
    if (work.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(AT_ONCE, work.size()), task -> {
      Thread thread = new Thread(task, "stackpilot-compose");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<String, CompletableFuture<Void>> done = new LinkedHashMap<>();
      // In the project's order, dependencies first: each piece's dependencies are already in the map.
      work.forEach((name, piece) -> done.put(name, CompletableFuture.allOf(after.getOrDefault(name, Set.of()).stream()
          .map(done::get).filter(java.util.Objects::nonNull).toArray(CompletableFuture[]::new))
          .thenRunAsync(piece, pool)));
      CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new)).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      // The worker is stopping: the pieces are interrupted too (a health wait ends at once) and awaited briefly.
      pool.shutdownNow();
      try {
        pool.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException again) {
        // stopping anyway
      }
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while applying the stack", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until every service of the project with a healthcheck is healthy. */
  public void verifyHealth(ComposeProject project, Consumer<String> progress) {
    for (ComposeService service : project.services()) {
      if (service.healthcheck() != null) {
        health.await(service.name(), project.containerName(service.name()), healthTimeout, progress);
      }
    }
  }

  /** The host port Docker published for a service's container port (loopback ports it picked itself). */
  public int publishedPort(StackLayout layout, String service, int containerPort) {
    Ports.Binding[] bindings = docker.inspectContainerCmd(layout.containerName(service)).exec().getNetworkSettings()
        .getPorts().getBindings().get(ExposedPort.tcp(containerPort));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException(layout.containerName(service) + " publishes no port for " + containerPort);
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }

  /** Removes the named volumes of a project that is down; one already gone is not an error. */
  public void removeVolumes(List<String> volumes) {
    for (String volume : volumes) {
      try {
        docker.removeVolumeCmd(volume).exec();
      } catch (NotFoundException alreadyGone) {
        // an earlier attempt removed it
      }
    }
  }

  /** Stops and removes the project's containers and network; volumes stay. */
  public void down(String project) {
    for (ComposePlanner.Actual container : actual(project)) {
      remove(container.id());
    }
    try {
      docker.removeNetworkCmd(project + "_default").exec();
    } catch (NotFoundException alreadyGone) {
      // nothing left to remove
    }
  }

  private void awaitDependencies(ComposeProject project, ComposeService service, Consumer<String> progress) {
    service.dependsOn().forEach((dependency, condition) -> {
      if (condition.equals("service_healthy")) {
        health.await(dependency, project.containerName(dependency), healthTimeout, progress);
      }
    });
  }

  private String create(ComposeProject project, ComposeService service, Consumer<String> progress) {
    if (!imagePresent(service.image())) {
      pullImage(service.image(), progress);
    }
    List<Mount> mounts = new ArrayList<>();
    service.volumes().forEach(v -> mounts.add(new Mount().withType(MountType.VOLUME).withSource(v.volume())
        .withTarget(v.target()).withReadOnly(v.readOnly())));
    service.secrets().forEach(s -> mounts.add(new Mount().withType(MountType.BIND).withSource(s.hostFile())
        .withTarget(s.target()).withReadOnly(true)));
    List<PortBinding> bindings = new ArrayList<>();
    List<ExposedPort> exposed = new ArrayList<>();
    for (ComposeService.Port p : service.ports()) {
      ExposedPort port = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol()));
      exposed.add(port);
      Ports.Binding binding = p.hostIp() == null ? Ports.Binding.bindPort(p.hostPort())
          : p.hostPort() == 0 ? Ports.Binding.bindIp(p.hostIp()) : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort());
      bindings.add(new PortBinding(binding, port));
    }
    HostConfig host = HostConfig.newHostConfig()
        .withNetworkMode(project.network())
        .withMounts(mounts)
        .withPortBindings(bindings)
        .withMemory(service.memoryBytes())
        .withNanoCPUs(service.nanoCpus())
        .withRestartPolicy(service.restart() == null ? RestartPolicy.noRestart() : RestartPolicy.parse(service.restart()));
    CreateContainerCmd create = docker.createContainerCmd(service.image())
        .withName(project.containerName(service.name()))
        .withLabels(ComposeLabels.container(project, service))
        .withEnv(service.environment().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
        .withExposedPorts(exposed)
        .withAliases(service.name())
        .withHostConfig(host);
    if (service.command() != null) {
      create.withCmd(service.command());
    }
    if (service.entrypoint() != null) {
      create.withEntrypoint(service.entrypoint());
    }
    if (service.healthcheck() != null) {
      ComposeService.Health h = service.healthcheck();
      create.withHealthcheck(new HealthCheck().withTest(h.test()).withInterval(h.intervalNanos())
          .withTimeout(h.timeoutNanos()).withStartPeriod(h.startPeriodNanos()).withRetries(h.retries()));
    }
    return create.exec().getId();
  }

  private void start(String container) {
    docker.startContainerCmd(container).exec();
  }

  /** Stops (ten seconds' grace) and removes a container; its volumes stay. */
  private void remove(String container) {
    try {
      docker.stopContainerCmd(container).withTimeout(10).exec();
    } catch (NotFoundException gone) {
      return;
    } catch (RuntimeException notRunning) {
      // a stopped container cannot be stopped again; removing it is what matters
    }
    docker.removeContainerCmd(container).withRemoveVolumes(false).exec();
  }

  private void ensureNetwork(ComposeProject project) {
    if (docker.listNetworksCmd().withNameFilter(project.network()).exec().stream()
        .noneMatch(n -> n.getName().equals(project.network()))) {
      docker.createNetworkCmd().withName(project.network()).withDriver("bridge")
          .withLabels(ComposeLabels.network(project)).exec();
    }
  }

  private void ensureVolumes(ComposeProject project) {
    for (String volume : project.volumes()) {
      try {
        docker.inspectVolumeCmd(volume).exec();
      } catch (NotFoundException missing) {
        docker.createVolumeCmd().withName(volume).withLabels(ComposeLabels.volume(project, volume)).exec();
      }
    }
  }

  private static Set<String> images(ComposeProject project) {
    Set<String> images = new LinkedHashSet<>();
    project.services().forEach(s -> images.add(s.image()));
    return images;
  }

  private boolean imagePresent(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  /** A pull's end does not prove the image arrived (a full disk may not raise an error): inspect it after. */
  private void pullImage(String image, Consumer<String> progress) {
    var pull = docker.pullImageCmd(image);
    registries.forImage(image).ifPresent(pull::withAuthConfig);
    // Progress comes from the Engine's own reports, layer by layer, so a pull that stalls stops heartbeating.
    try (PullImageResultCallback callback = pull.exec(new PullImageResultCallback() {
      @Override
      public void onNext(PullResponseItem item) {
        super.onNext(item);
        if (item.getStatus() != null) {
          progress.accept("pull " + image + ": " + (item.getId() == null ? "" : item.getId() + " ")
              + item.getStatus() + (item.getProgressDetail() == null || item.getProgressDetail().getCurrent() == null
                  ? "" : " " + item.getProgressDetail().getCurrent() + "/" + item.getProgressDetail().getTotal()));
        }
      }
    })) {
      if (!callback.awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
        throw new ImageUnavailableException("pull of image " + image + " did not finish within " + PULL_TIMEOUT
            + "; it was cancelled", null);
      }
    } catch (DockerException | DockerClientException e) {
      throw new ImageUnavailableException("image " + image + " cannot be pulled: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pulling " + image, e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("closing the pull of " + image + " failed", e);
    }
    if (!imagePresent(image)) {
      throw new ImageUnavailableException("image " + image + " is not on the host after pulling it", null);
    }
  }
}
