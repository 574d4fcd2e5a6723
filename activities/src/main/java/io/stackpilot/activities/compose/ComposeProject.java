package io.stackpilot.activities.compose;

import java.nio.file.Path;
import java.util.List;

/**
 * A stack as Docker should run it: a compose project named after the customer, its services in start order
 * (dependencies first), its named volumes (Docker names) and its network. Stackpilot's own labels carry release
 * and commit; names and files come from its {@link StackLayout}.
 */
public record ComposeProject(StackLayout layout, String release, String commit, List<ComposeService> services,
    List<String> volumes) {

  public String name() {
    return layout.project();
  }

  public Path workingDir() {
    return layout.dir();
  }

  public String network() {
    return layout.network();
  }

  public String containerName(String service) {
    return layout.containerName(service);
  }

  public Path composeFile() {
    return layout.composeFile();
  }

  /** The same project limited to {@code only} of its services. */
  public ComposeProject only(String service) {
    return new ComposeProject(layout, release, commit,
        services.stream().filter(s -> s.name().equals(service)).toList(), volumes);
  }
}
