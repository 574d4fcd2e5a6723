package io.stackpilot.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each customer's backups may live, from the worker configuration's {@code backupStores}: per customer, or for
 * every customer under {@code "*"} with {@code {customer}} standing for its name, the roots (a directory
 * {@code file:///…} or an {@code azure://<account>/<container>[/<prefix>]}) its stores must be, or be below. One
 * customer's stack.yaml can then name neither another customer's backups nor {@code file:///}.
 * {@link #UNCONFINED} is for checks without a worker ({@code stackctl validate}); a worker always confines.
 */
public record StoreScopes(boolean confined, Map<String, List<String>> roots) {

  public static final String EVERY_CUSTOMER = "*";
  public static final String CUSTOMER = "{customer}";
  public static final StoreScopes UNCONFINED = new StoreScopes(false, Map.of());
  /** What a worker configuration without {@code backupStores} allows. */
  public static final StoreScopes DEFAULT = confined(
      Map.of(EVERY_CUSTOMER, List.of("file:///var/backups/stackpilot/" + CUSTOMER)));

  public StoreScopes {
    roots = Map.copyOf(roots);
  }

  public static StoreScopes confined(Map<String, List<String>> roots) {
    return new StoreScopes(true, roots);
  }

  /** The roots {@code customer}'s backup stores must lie in. */
  public List<String> rootsOf(String customer) {
    List<String> of = new ArrayList<>(roots.getOrDefault(customer, List.of()));
    roots.getOrDefault(EVERY_CUSTOMER, List.of()).forEach(root -> of.add(root.replace(CUSTOMER, customer)));
    return of;
  }

  /** Why {@code customer} may not keep backups at {@code location} (a plain location, see {@link StoreUrl}), if so. */
  public Optional<String> refusal(String customer, String location) {
    if (!confined) {
      return Optional.empty();
    }
    List<String> allowed = rootsOf(customer);
    if (allowed.stream().anyMatch(root -> covers(root, location))) {
      return Optional.empty();
    }
    return Optional.of("'" + location + "' is not one of customer " + customer + "'s backup locations: this worker keeps "
        + "its backups " + (allowed.isEmpty() ? "nowhere (backupStores names no root for it)" : "in or below "
        + String.join(" or ", allowed)) + "; backupStores in the worker configuration lists them");
  }

  /** A root covers itself and what lies below it, whole segments only ({@code …/acme} not {@code …/acme-eu}). */
  public static boolean covers(String root, String location) {
    return location.equals(root) || location.startsWith(root.endsWith("/") ? root : root + "/");
  }
}
