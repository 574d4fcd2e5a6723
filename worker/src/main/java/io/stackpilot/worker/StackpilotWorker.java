package io.stackpilot.worker;

import com.github.dockerjava.api.DockerClient;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.stackpilot.activities.Redaction;
import io.stackpilot.activities.compose.StackHostActivitiesImpl;
import io.stackpilot.activities.database.DataHostActivitiesImpl;
import io.stackpilot.activities.docker.DockerClients;
import io.stackpilot.activities.git.DesiredStateActivitiesImpl;
import io.stackpilot.activities.store.StoreActivitiesImpl;
import io.stackpilot.worker.config.WorkerConfig;
import io.stackpilot.worker.hooks.FollowingLoops;
import io.stackpilot.worker.hooks.GitWebhookEndpoint;
import io.stackpilot.worker.access.CodecReaders;
import io.stackpilot.worker.http.CodecEndpoint;
import io.stackpilot.worker.http.HttpEndpoints;
import io.stackpilot.worker.http.ListenAddress;
import io.stackpilot.worker.http.MetricsEndpoint;
import io.stackpilot.worker.http.Readiness;
import io.stackpilot.worker.interceptor.ActivityContext;
import io.stackpilot.worker.dashboard.FleetReader;
import io.stackpilot.worker.lease.HostAgentLease;
import io.stackpilot.worker.metrics.FleetGauges;
import io.stackpilot.workflows.StackWorkflows;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.api.StackSearchAttributes;
import io.stackpilot.workflows.client.PayloadEncryption;
import io.stackpilot.workflows.client.StackpilotDataConverter;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: the control role (workflows, git and store activities on task queue stackpilot), the host
 * agent role (Docker and data activities on host-&lt;host&gt;), or both. With --dev (and no Temporal address) it starts
 * Temporal's test server for development, in real time.
 */
public final class StackpilotWorker implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(StackpilotWorker.class);
  /** How often the control worker reads the fleet for its gauges: two queries a stack each time, so not on every scrape. */
  static final Duration FLEET_GAUGES_EVERY = Duration.ofSeconds(30);

  private final WorkerConfig config;
  private final int embeddedPort;
  private EmbeddedTemporal embedded;
  private WorkflowServiceStubs service;
  /** The control role's workers. */
  private WorkerFactory factory;
  /** The host agent's worker: it polls only while {@link #lease} holds the host name. */
  private WorkerFactory hostWorkers;
  private HostAgentLease lease;
  private java.time.Duration leaseRenewal = HostAgentLease.RENEW_EVERY;
  private java.time.Duration leaseTtl = HostAgentLease.TTL;
  private final MetricsEndpoint metrics = new MetricsEndpoint();
  private int metricsPort = -1;
  private final HttpEndpoints http = new HttpEndpoints();
  private int hooksPort = -1;
  private int codecPort = -1;
  private io.stackpilot.worker.dashboard.Dashboard dashboard;
  private FleetGauges fleetGauges;
  private io.stackpilot.worker.fleet.FleetIndexRepair fleetIndexRepair;
  private ExecutorService fleetAskers;
  private int dashboardPort = -1;

  StackpilotWorker(WorkerConfig config, int embeddedPort) {
    this.config = config;
    this.embeddedPort = embeddedPort;
  }

  /** Connects (or starts the embedded server), registers search attributes where it may, and starts polling. */
  public WorkflowClient start() {
    log.info("{} starting; effective configuration:\n{}", WorkerCommand.version(), config.masked());
    rememberCredentials();
    String target = config.temporal().address();
    if (config.temporal().embedded()) {
      embedded = EmbeddedTemporal.start(embeddedPort);
      target = "127.0.0.1:" + embeddedPort;
      log.info("--dev: started Temporal's in-memory test server on {} (development only: unauthenticated, its history "
          + "gone with the worker)", target);
    }
    if (config.metricsAddress() != null) {
      metricsPort = metrics.serve(http, config.metricsAddress());
      http.serve(ListenAddress.of(config.metricsAddress()).host() + ":" + metricsPort, "health", readiness(target).routes());
      log.info("Prometheus metrics on http://{}:{}/metrics, health on /healthz and /readyz",
          ListenAddress.of(config.metricsAddress()).host(), metricsPort);
    }
    service = WorkflowServiceStubs.newServiceStubs(TemporalConnection.options(config.temporal(), target, metrics.sdkScope));
    Optional<String> unreachable = TemporalConnection.unreachable(service, target, config.temporal());
    if (unreachable.isPresent()) {
      throw new TemporalConnection.Unreachable(unreachable.get());
    }
    registerSearchAttributes(target);
    PayloadEncryption encryption = encryption(config.codec());
    if (encryption != null && config.codec().endpoint() != null) {
      CodecEndpoint codecEndpoint = new CodecEndpoint(encryption, config.codec().corsOrigins(), config.codec().tokens(),
          config.codec().hosts());
      if (!config.codec().oidcClients().isEmpty() && config.dashboard().oidc() != null) {
        codecEndpoint.withPeople(new CodecReaders(config.dashboard(), config.codec().oidcClients()));
      }
      codecPort = codecEndpoint.serve(http, config.codec().endpoint());
      log.info("codec endpoint on http://{}:{} (temporal --codec-endpoint, Web UI codec settings)",
          ListenAddress.of(config.codec().endpoint()).host(), codecPort);
    }
    WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
        .setNamespace(config.temporal().namespace())
        .setDataConverter(encryption == null ? StackpilotDataConverter.create() : StackpilotDataConverter.create(encryption))
        .build());
    if (config.hooks().address() != null) {
      hooksPort = new GitWebhookEndpoint(config.hooks(), new FollowingLoops(client), metrics.registry)
          .serve(http, config.hooks().address());
      log.info("git webhooks on http://{}:{}/hooks/git", ListenAddress.of(config.hooks().address()).host(), hooksPort);
    }
    if (config.control() && config.metricsAddress() != null) {
      fleetAskers = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "stackpilot-fleet-ask");
        thread.setDaemon(true);
        return thread;
      });
      fleetGauges = new FleetGauges(new FleetReader(client, fleetAskers, Clock.systemUTC())::observe, metrics.registry,
          Clock.systemUTC(), metrics::atomically).start(FLEET_GAUGES_EVERY);
    }
    if (config.dashboard().address() != null) {
      dashboard = new io.stackpilot.worker.dashboard.Dashboard(client, config.dashboard(), config.temporal().namespace(),
          java.time.Clock.systemUTC());
      dashboardPort = dashboard.serve(http, config.dashboard().address());
      log.info("dashboard on http://{}:{}/", ListenAddress.of(config.dashboard().address()).host(), dashboardPort);
    }
    Injector injector = Guice.createInjector(new StackpilotModule(config));
    WorkerConfig.Capacity capacity = config.temporal().capacity();
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new ActivityContext(metrics.registry));
    if (capacity.workflowCacheSize() > 0) {
      factoryOptions.setWorkflowCacheSize(capacity.workflowCacheSize()).setMaxWorkflowThreadCount(capacity.workflowThreads());
    }
    WorkerFactoryOptions workerOptions = factoryOptions.build();
    if (config.control()) {
      factory = WorkerFactory.newInstance(client, workerOptions);
      WorkerOptions.Builder controlOptions = queueOptions(capacity);
      if (config.temporal().stickyQueueTimeout() != null) {
        controlOptions.setStickyQueueScheduleToStartTimeout(config.temporal().stickyQueueTimeout());
      }
      Worker control = factory.newWorker(StackNames.TASK_QUEUE, controlOptions.build());
      StackWorkflows.register(control);
      control.registerActivitiesImplementations(injector.getInstance(DesiredStateActivitiesImpl.class),
          injector.getInstance(StoreActivitiesImpl.class), new io.stackpilot.worker.rollout.RolloutActivitiesImpl(
              injector.getInstance(io.stackpilot.activities.git.ReleaseCommits.class), client),
          new io.stackpilot.activities.notify.NotifyActivitiesImpl(
              config.notifications().stream().map(n -> new io.stackpilot.activities.notify.NotificationWebhook(n.url(), n.format(),
                  java.util.Set.copyOf(n.events()))).toList()));
      factory.start();
      log.info("polling {}", StackNames.TASK_QUEUE);
      fleetIndexRepair = new io.stackpilot.worker.fleet.FleetIndexRepair(client, Clock.systemUTC())
          .start(io.stackpilot.worker.fleet.FleetIndexRepair.EVERY);
    }
    if (config.hostAgent()) {
      hostWorkers = WorkerFactory.newInstance(client, workerOptions);
      hostWorkers.newWorker(StackNames.hostTaskQueue(config.host()), queueOptions(capacity).build())
          .registerActivitiesImplementations(
          injector.getInstance(StackHostActivitiesImpl.class), injector.getInstance(DataHostActivitiesImpl.class));
      lease = new HostAgentLease(client, config.host(), HostAgentLease.agentName(config.stacksDir()), hostWorkers,
          leaseRenewal, leaseTtl, metrics.registry);
      lease.start();
    }
    return client;
  }

  /** A task queue's pollers and concurrent activities as {@code capacity} sets them; the SDK's defaults otherwise. */
  private static WorkerOptions.Builder queueOptions(WorkerConfig.Capacity capacity) {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (capacity.workflowPollers() > 0) {
      options.setMaxConcurrentWorkflowTaskPollers(capacity.workflowPollers());
    }
    if (capacity.activityPollers() > 0) {
      options.setMaxConcurrentActivityTaskPollers(capacity.activityPollers());
    }
    if (capacity.maxConcurrentActivities() > 0) {
      options.setMaxConcurrentActivityExecutionSize(capacity.maxConcurrentActivities());
    }
    return options;
  }

  /** Ready: Temporal answers, each role polls its task queue, and a host agent holds its host name and its engine answers. */
  private Readiness readiness(String target) {
    Readiness readiness = new Readiness();
    readiness.add(() -> {
      if (service == null) {
        return Optional.of("not connected to Temporal at " + target + " yet");
      }
      return TemporalConnection.unreachable(service, target, config.temporal());
    });
    readiness.add(() -> !config.control() || (factory != null && factory.isStarted() && !factory.isShutdown())
        ? Optional.empty() : Optional.of("the control role does not poll " + StackNames.TASK_QUEUE));
    if (config.hostAgent()) {
      DockerClient engine = DockerClients.connect(config.dockerHost(), java.time.Duration.ofSeconds(5));
      readiness.add(() -> lease != null && lease.polling() ? Optional.empty()
          : Optional.of("the host agent does not poll " + StackNames.hostTaskQueue(config.host()) + ": "
              + (lease == null || lease.refusal() == null ? "claiming host name " + config.host() : lease.refusal())));
      readiness.add(() -> {
        try {
          engine.pingCmd().exec();
          return Optional.empty();
        } catch (RuntimeException e) {
          return Optional.of("the Docker Engine at " + config.dockerHost() + " does not answer: " + e.getMessage());
        }
      });
    }
    return readiness;
  }

  /** The payload encryption of {@code codec}, or null when no key is configured. */
  static PayloadEncryption encryption(WorkerConfig.Codec codec) {
    if (!codec.enabled()) {
      return null;
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    codec.keys().forEach(k -> keys.put(k.id(), Base64.getDecoder().decode(k.base64Key())));
    codec.customerKeys().forEach(g -> g.keys().forEach(k -> keys.put(k.id(), Base64.getDecoder().decode(k.base64Key()))));
    return new PayloadEncryption(keys, codec.acceptPlaintext(), codec.customerKeys().stream()
        .map(g -> new PayloadEncryption.CustomerKeys(g.customers(), g.keys().get(0).id())).toList());
  }

  /** The worker's own credentials are masked in every failure and log line, like the stacks' secrets. */
  private void rememberCredentials() {
    config.azureAccounts().values().forEach(Redaction::remember);
    config.gitCredentials().forEach(g -> Redaction.remember(g.password()));
    config.registries().forEach(r -> Redaction.remember(r.password()));
    config.codec().keys().forEach(k -> Redaction.remember(k.base64Key()));
    config.codec().tokens().forEach(Redaction::remember);
    Redaction.remember(config.hooks().githubSecret());
    Redaction.remember(config.hooks().giteaSecret());
    Redaction.remember(config.hooks().gitlabToken());
    config.notifications().forEach(n -> Redaction.remember(n.url()));
    Redaction.remember(config.temporal().apiKey());
    config.dashboard().operators().forEach(o -> Redaction.remember(o.token()));
    if (config.hostAgent()) {
      Redaction.rememberSecretFiles(config.stacksDir());
    }
  }

  /** A real cluster may want an API key (Temporal Cloud) or a TLS client certificate (mTLS). */
  /** Adds the keyword search attributes the workflows set; says what to run where the server does not allow it. */
  private void registerSearchAttributes(String target) {
    try {
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
          .setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
      Map<String, IndexedValueType> existing = new TreeMap<>();
      try {
        existing.putAll(operator.blockingStub().listSearchAttributes(ListSearchAttributesRequest.newBuilder()
            .setNamespace(config.temporal().namespace()).build()).getCustomAttributesMap());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        // Temporal's test server adds search attributes but cannot list them.
      }
      Map<String, IndexedValueType> missing = new TreeMap<>();
      StackSearchAttributes.ALL.forEach(key -> {
        if (!existing.containsKey(key.getName())) {
          missing.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
      });
      if (!missing.isEmpty()) {
        try {
          operator.blockingStub().addSearchAttributes(AddSearchAttributesRequest.newBuilder()
              .setNamespace(config.temporal().namespace()).putAllSearchAttributes(missing).build());
          log.info("registered search attributes {}", missing.keySet());
        } catch (StatusRuntimeException e) {
          // Another worker registered them first, on a server that cannot list them.
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } catch (RuntimeException e) {
      StringBuilder commands = new StringBuilder();
      StackSearchAttributes.ALL.forEach(key -> commands.append("\n  temporal operator search-attribute create --address ")
          .append(target).append(" --namespace ").append(config.temporal().namespace()).append(" --name ")
          .append(key.getName()).append(" --type Keyword"));
      log.warn("could not register search attributes ({}); register them once with:{}", e.getMessage(), commands);
    }
  }

  /** Graceful: running activities finish or are handed back before the process ends. */
  @Override
  public void close() {
    if (fleetIndexRepair != null) {
      fleetIndexRepair.close();
    }
    if (lease != null) {
      lease.close();
    }
    if (hostWorkers != null) {
      hostWorkers.shutdown();
      hostWorkers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (service != null) {
      service.shutdown();
    }
    if (embedded != null) {
      embedded.close();
    }
    if (fleetGauges != null) {
      fleetGauges.close();
      fleetAskers.shutdownNow();
    }
    http.close();
    metrics.close();
    if (dashboard != null) {
      dashboard.close();
    }
  }

  /** Shorter lease timing than an operator's 30 s renewal and 90 s ttl, for tests; before {@link #start}. */
  StackpilotWorker withLeaseTiming(java.time.Duration renewal, java.time.Duration ttl) {
    this.leaseRenewal = renewal;
    this.leaseTtl = ttl;
    return this;
  }

  /** The host agent's lease on its host name; null without the host agent role. */
  HostAgentLease lease() {
    return lease;
  }

  /** The port the dashboard is served on, or -1 when it is off. */
  int dashboardPort() {
    return dashboardPort;
  }

  /** The port git webhooks are served on, or -1 when they are off. */
  int hooksPort() {
    return hooksPort;
  }

  /** The port the codec endpoint is served on, or -1 when it is off. */
  int codecPort() {
    return codecPort;
  }

  /** The port metrics are served on, or -1 when they are off. */
  int metricsPort() {
    return metricsPort;
  }
}
