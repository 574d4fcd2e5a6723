package io.stackpilot.activities.compose;

import java.nio.file.Path;
import java.util.List;

/**
 * A stack as Docker should run it: a compose project named after the customer, its services in start order
 * (dependencies first), its named volumes and its network. Stackpilot's own labels carry release and commit.
 */
public record ComposeProject(String name, Path workingDir, String release, String commit, List<ComposeService> services,
    List<String> volumes) {

  public String network() {
    return name + "_default";
  }

  public String containerName(String service) {
    return name + "-" + service + "-1";
  }

  public Path composeFile() {
    return workingDir.resolve("compose.yaml");
  }
}
