package io.stackpilot.activities.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The exact images a stack's running containers run: the reference as configured plus the registry digest it
 * was pulled as ({@code …/demo/web:1.0.0@sha256:…}), so a backup says which code wrote it even after a tag moved.
 */
public final class RunningImages {

  private final DockerClient docker;

  public RunningImages(DockerClient docker) {
    this.docker = docker;
  }

  /** Service name to image; an image with no registry digest (built locally) is named by its local id. */
  public SortedMap<String, String> of(String project) {
    SortedMap<String, String> images = new TreeMap<>();
    List<Container> running = docker.listContainersCmd().withLabelFilter(Map.of(ComposeLabels.PROJECT, project)).exec();
    for (Container container : running) {
      String service = container.getLabels().get(ComposeLabels.SERVICE);
      if (service != null) {
        images.put(service, pinned(container.getImage(), container.getImageId()));
      }
    }
    return images;
  }

  private String pinned(String reference, String imageId) {
    String repository = repository(reference);
    List<String> digests = docker.inspectImageCmd(imageId).exec().getRepoDigests();
    for (String repoDigest : digests == null ? List.<String>of() : digests) {
      int at = repoDigest.indexOf('@');
      if (at > 0 && repoDigest.substring(0, at).equals(repository)) {
        return reference.contains("@") ? reference : reference + repoDigest.substring(at);
      }
    }
    return reference + " (local image " + imageId + ")";
  }

  /** The reference without its tag or digest: a colon after the last slash starts the tag, one before it a port. */
  static String repository(String reference) {
    String name = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int slash = name.lastIndexOf('/');
    int colon = name.lastIndexOf(':');
    return colon > slash ? name.substring(0, colon) : name;
  }
}
