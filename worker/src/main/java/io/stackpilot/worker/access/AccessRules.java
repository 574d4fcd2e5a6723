package io.stackpilot.worker.access;

import java.util.List;
import java.util.Optional;

/**
 * Who may do what with which stack: the highest role any grant gives a person for the stack's customer and host, or
 * none. Without grants in the configuration, every named operator is an operator of every stack, as before grants
 * existed; {@code publicRead} makes everyone a viewer of every stack.
 */
public final class AccessRules {

  private final List<Grant> grants;
  private final boolean publicRead;

  public AccessRules(List<Grant> grants, boolean publicRead) {
    this.grants = List.copyOf(grants);
    this.publicRead = publicRead;
  }

  /** The rules of a configuration without grants: each of {@code operators} operates every stack. */
  public static AccessRules everyOperatorEverywhere(List<String> operators, boolean publicRead) {
    return new AccessRules(List.of(new Grant(Role.OPERATOR, operators, List.of(), List.of("*"), List.of())), publicRead);
  }

  /** The role {@code principal} has for the stack of {@code customer} on {@code host} (null: not known yet). */
  public Optional<Role> role(Principal principal, String customer, String host) {
    Optional<Role> granted = grants.stream().filter(g -> g.givenTo(principal) && g.covers(customer, host))
        .map(Grant::role).max(Role::compareTo);
    if (publicRead && granted.isEmpty()) {
      return Optional.of(Role.VIEWER);
    }
    return granted;
  }

  /**
   * Whether {@code principal} may see some stack of {@code customer}: the fleet asks this before it reads a stack's
   * host, and drops the stacks no grant can cover.
   */
  public boolean maySee(Principal principal, String customer) {
    return publicRead || grants.stream().anyMatch(g -> g.givenTo(principal) && g.mayCover(customer));
  }

  /**
   * Whether {@code principal} may read every stack: a grant for every customer on every host. What a reader of every
   * run's payloads (the codec endpoint) needs, since a payload does not say whose it is.
   */
  public boolean seesEverything(Principal principal) {
    return grants.stream().anyMatch(g -> g.givenTo(principal) && g.customers().contains("*") && g.hosts().isEmpty());
  }

  public List<Grant> grants() {
    return grants;
  }
}
