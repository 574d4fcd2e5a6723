package io.stackpilot.activities.database;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;

/**
 * How many connections a restore loads rows over when the worker's configuration leaves it to the machine: the
 * cores of the host the database runs on, within the database container's CPU limit.
 */
final class RestoreParallelism {

  private RestoreParallelism() {}

  static int of(DockerClient docker, String container) {
    int cores = Math.max(1, docker.infoCmd().exec().getNCPU());
    HostConfig limits = docker.inspectContainerCmd(container).exec().getHostConfig();
    Long nanoCpus = limits == null ? null : limits.getNanoCPUs();
    int allowed = nanoCpus == null || nanoCpus <= 0 ? cores : (int) Math.ceil(nanoCpus / 1e9);
    return Math.max(1, Math.min(cores, allowed));
  }
}
