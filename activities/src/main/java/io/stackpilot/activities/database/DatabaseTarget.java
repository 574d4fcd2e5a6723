package io.stackpilot.activities.database;

import io.stackpilot.activities.compose.SecretResolver;
import io.stackpilot.activities.compose.StackLayout;
import io.stackpilot.activities.docker.ContainerExec;
import io.stackpilot.workflows.activities.DesiredState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The database of one stack on this host, as a data activity works with it: its name, the service and container that
 * run it, the stack's layout, and its root password, read from the stack's secret once and only when asked for (a plan
 * of a stack whose database does not run yet needs none).
 */
final class DatabaseTarget {

  private final DesiredState stack;
  private final SecretResolver secrets;
  private final StackLayout layout;
  private String password;

  DatabaseTarget(DesiredState stack, Path stacksDir, SecretResolver secrets) {
    this.stack = stack;
    this.secrets = secrets;
    this.layout = StackLayout.of(stack.stack().project(), stacksDir);
  }

  String name() {
    return stack.release().database().name();
  }

  String service() {
    return stack.release().database().service();
  }

  String container() {
    return layout.containerName(service());
  }

  StackLayout layout() {
    return layout;
  }

  /** The image of the database service: the files volume is read and written with its tools. */
  String image() {
    return stack.release().services().get(service()).image();
  }

  String password() {
    if (password == null) {
      String secret = stack.release().database().rootPasswordSecret();
      password = new String(secrets.resolve(stack.stack().customer(), secret, stack.stack().secrets().get(secret)),
          StandardCharsets.UTF_8).trim();
    }
    return password;
  }

  MariaDbShell shell(ContainerExec exec) {
    return new MariaDbShell(exec, container(), password());
  }

  DatabaseDump dump(ContainerExec exec) {
    return new DatabaseDump(exec, container(), password());
  }

  /** A dump that reads the rows over {@code sessions} where the database allows. */
  DatabaseDump dump(ContainerExec exec, DatabaseDump.Sessions sessions) {
    return new DatabaseDump(exec, container(), password(), sessions);
  }
}
