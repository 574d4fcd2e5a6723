package io.stackpilot.worker.access;

import io.stackpilot.model.NamePattern;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A role given to named operators and to groups, for the stacks whose customer matches one of {@code customers} and,
 * when {@code hosts} is not empty, whose host matches one of {@code hosts}. Patterns are names with {@code *} for any
 * run of characters ({@code acme*}, {@code eu-*}); a stack whose host is not known yet matches no host pattern.
 */
public record Grant(Role role, List<String> operators, List<String> groups, List<String> customers, List<String> hosts) {

  /** What a customer or host pattern may hold: the characters of their names, and {@code *}. */
  public static final Pattern PATTERN = NamePattern.FORM;
  /** What a group name may hold: an identity provider's group names, paths included ({@code /ops/eu}). */
  public static final Pattern PATTERN_GROUP = Pattern.compile("[A-Za-z0-9._@/-]{1,128}");

  public Grant {
    operators = List.copyOf(operators);
    groups = List.copyOf(groups);
    customers = List.copyOf(customers);
    hosts = List.copyOf(hosts);
  }

  boolean givenTo(Principal principal) {
    return operators.contains(principal.name()) && !principal.anonymous()
        || principal.groups().stream().anyMatch(groups::contains);
  }

  /** Whether the grant may cover some stack of {@code customer}, whatever its host. */
  boolean mayCover(String customer) {
    return customers.stream().anyMatch(p -> matches(p, customer));
  }

  boolean covers(String customer, String host) {
    return mayCover(customer) && (hosts.isEmpty() || host != null && hosts.stream().anyMatch(p -> matches(p, host)));
  }

  static boolean matches(String pattern, String name) {
    return NamePattern.matches(pattern, name);
  }
}
