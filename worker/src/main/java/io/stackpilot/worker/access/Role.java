package io.stackpilot.worker.access;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do with a stack, each role including the ones before it: a viewer reads its pages; an operator
 * also steers its runs (retry, skip, accept, abort) and its loop (sync, pause, resume), and starts backups and drills;
 * an admin also changes what runs (install, update, migrate, rollback, import, release publish).
 */
public enum Role {
  VIEWER, OPERATOR, ADMIN;

  /** The names the configuration uses: viewer, operator, admin. */
  public static final List<String> NAMES = Arrays.stream(values()).map(Role::label).toList();

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  public static Optional<Role> named(String name) {
    return Arrays.stream(values()).filter(r -> r.label().equals(name)).findFirst();
  }
}
