package io.stackpilot.worker.lease;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stackpilot.workflows.api.LeaseAnswer;
import io.stackpilot.workflows.api.LeaseClaim;
import io.stackpilot.workflows.api.StackNames;
import io.stackpilot.workflows.lease.HostLeaseWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host agent the only one serving its host name ({@link HostLeaseWorkflow}): the host agent's worker polls
 * only while its claim is granted. Refused (another agent holds the name), it does not poll and says who holds it; it
 * takes over once that agent has been silent for the ttl or released the name. When no control worker answers, it
 * polls anyway, because a stack's steps must not wait on this check, and tries again at the next renewal.
 */
public final class HostAgentLease implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HostAgentLease.class);
  public static final Duration RENEW_EVERY = Duration.ofSeconds(30);
  public static final Duration TTL = Duration.ofSeconds(90);

  /** 1 while this agent polls its host's task queue, by host: what an alert on absent agents reads. */
  public static final String POLLING_METRIC = "stackpilot_host_agent_polling";

  private final WorkflowClient client;
  private final String host;
  private final String agent;
  private final WorkerFactory hostWorkers;
  private final Duration renewEvery;
  private final Duration ttl;
  private final ScheduledExecutorService renewals;
  private final ExecutorService claims;
  private CompletableFuture<LeaseAnswer> inFlight;
  private volatile boolean polling;
  private volatile String refusal;
  private volatile String heardOfContender;
  private String refusedBy;

  public HostAgentLease(WorkflowClient client, String host, String agent, WorkerFactory hostWorkers, Duration renewEvery,
      Duration ttl, MeterRegistry metrics) {
    this.client = client;
    this.host = host;
    this.agent = agent;
    this.hostWorkers = hostWorkers;
    this.renewEvery = renewEvery;
    this.ttl = ttl;
    this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("host-lease-" + host));
    this.claims = Executors.newSingleThreadExecutor(daemon("host-lease-claim-" + host));
    Gauge.builder(POLLING_METRIC, () -> polling ? 1 : 0)
        .description("1 while this host agent polls its host's task queue; 0 while another agent holds the host name")
        .tag("host", host).register(metrics);
  }

  /** Who this agent is, as an operator tells two machines apart: machine name, machine id, stacks directory. */
  public static String agentName(Path stacksDir) {
    String machine;
    try {
      machine = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      machine = "unknown machine";
    }
    String id = "";
    try {
      String machineId = Files.readString(Path.of("/etc/machine-id")).strip();
      id = machineId.isEmpty() ? "" : "machine-id " + machineId.substring(0, Math.min(8, machineId.length())) + ", ";
    } catch (java.io.IOException | RuntimeException noMachineId) {
      // Not every system has one; the machine name and the stacks directory still tell agents apart.
    }
    return machine + " (" + id + "stacks " + stacksDir.toAbsolutePath().normalize() + ")";
  }

  /** Claims the host name, starting to poll once granted (or when nobody answers), then renews it. */
  public void start() {
    renewals.scheduleWithFixedDelay(this::renew, 0, renewEvery.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** True while the host agent polls its task queue. */
  public boolean polling() {
    return polling;
  }

  /** Why the host agent does not poll, or null while it does. */
  public String refusal() {
    return refusal;
  }

  /** Another agent refused the same host name within the ttl, as this holder heard at its last renewal; or null. */
  public String contender() {
    return heardOfContender;
  }

  private void renew() {
    try {
      LeaseAnswer answer = claim();
      if (answer == null) {
        return;
      }
      if (answer.granted()) {
        granted(answer);
      } else {
        refused(answer);
      }
    } catch (RuntimeException e) {
      log.warn("host agent for '{}': could not renew its claim on the host name ({}); trying again in {} s", host,
          e.getMessage(), renewEvery.toSeconds());
      pollAnyway();
    }
  }

  /** The answer, or null when none came within the renewal interval (no control worker polls, say). */
  private LeaseAnswer claim() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = CompletableFuture.supplyAsync(() -> {
        HostLeaseWorkflow lease = client.newWorkflowStub(HostLeaseWorkflow.class, WorkflowOptions.newBuilder()
            .setWorkflowId(StackNames.hostLeaseId(host)).setTaskQueue(StackNames.TASK_QUEUE).build());
        try {
          WorkflowClient.start(lease::hold, null);
        } catch (WorkflowExecutionAlreadyStarted held) {
          // The lease runs already: claim it.
        }
        return lease.claim(new LeaseClaim(agent, (int) ttl.toSeconds()));
      }, claims);
    }
    try {
      return inFlight.get(Math.min(renewEvery.toMillis(), 15_000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (!polling && refusal == null) {
        log.warn("host agent for '{}': no control worker answered its claim on the host name within {} s; polling {} "
            + "anyway, and asking again every {} s", host, Math.min(renewEvery.toSeconds(), 15),
            StackNames.hostTaskQueue(host), renewEvery.toSeconds());
      }
      pollAnyway();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  private void granted(LeaseAnswer answer) {
    if (!polling) {
      log.info("host agent {} holds host name '{}': polling {}", agent, host, StackNames.hostTaskQueue(host));
      resume();
    }
    refusal = null;
    refusedBy = null;
    if (answer.contender() != null && !answer.contender().equals(heardOfContender)) {
      log.error("another host agent, {}, is configured with host name '{}' and was refused: it does not poll {} while "
          + "this agent ({}) runs. Give it its own host name, or stop it.", answer.contender(), host,
          StackNames.hostTaskQueue(host), agent);
    }
    heardOfContender = answer.contender();
  }

  private void refused(LeaseAnswer answer) {
    String why = "host name '" + host + "' is held by another host agent, " + answer.holder() + " (heard from "
        + answer.holderSilentSeconds() + " s ago): two agents with one host name would split its stacks' steps between "
        + "machines, so this agent (" + agent + ") does not poll " + StackNames.hostTaskQueue(host) + ". Give this agent "
        + "its own host name, or stop the other; this agent takes over once the other has been silent for "
        + ttl.toSeconds() + " s";
    if (refusal == null || !answer.holder().equals(refusedBy)) {
      log.error("{}", why);
    }
    refusedBy = answer.holder();
    refusal = why;
    if (polling) {
      hostWorkers.suspendPolling();
      polling = false;
    }
  }

  /** Without an answer, an agent that was never refused polls; one that was keeps waiting for a grant. */
  private void pollAnyway() {
    if (!polling && refusal == null) {
      resume();
    }
  }

  private void resume() {
    if (hostWorkers.isStarted()) {
      hostWorkers.resumePolling();
    } else {
      hostWorkers.start();
    }
    polling = true;
  }

  /** Stops renewing and releases the host name, so that another agent may take it at once. */
  @Override
  public void close() {
    renewals.shutdownNow();
    if (polling && !claims.isShutdown()) {
      try {
        CompletableFuture.runAsync(() -> client.newWorkflowStub(HostLeaseWorkflow.class, StackNames.hostLeaseId(host))
            .release(agent), claims).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("host agent for '{}': could not release the host name ({}); another agent may take it after {} s of "
            + "silence", host, e.getMessage(), ttl.toSeconds());
      }
    }
    claims.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
