package io.stackpilot.workflows.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps an operator sees, declared once: the name the Web UI, stackctl and the history show, and whether
 * the operator may skip the step after it failed. Each workflow declares its sequence of steps; its total comes
 * from that list. What a step calls is in {@link StackSteps}, the activities' options in {@link StackActivities}.
 */
public enum Step {
  RESOLVE("resolve desired state", false),
  SAFETY_BACKUP("safety backup", true),
  FINAL_BACKUP("final backup on %s", true),
  SEED_BACKUP("seed backup", false),
  PREPARE_HOST("prepare host", false),
  PULL_IMAGES("pull images", false),
  START_DATABASE("start database", false),
  RESTORE_IF_EMPTY("restore if empty", false),
  MIGRATE_DATABASE("migrate database", false),
  START_SERVICES("start services", false),
  VERIFY_HEALTH("verify health", true),
  STOP_OLD_STACK("stop old stack on %s", true),
  DUMP_AND_UPLOAD("dump and upload", false),
  VERIFY_PARTS("verify parts", false),
  WRITE_MANIFEST("write manifest", false),
  PRUNE("prune old backups", true),
  IMPORT_PARTS("import dump and files on %s", false),
  CHOOSE_BACKUP("choose backup", false),
  RESOLVE_PREVIOUS("resolve previous state", false),
  CONFIRM_DATA_LOSS("confirm data loss", false),
  STOP_SERVICES("stop services", false),
  REPLACE_DATA("restore backup over current data", false),
  PREPARE_DRILL("prepare drill on %s", false),
  COMPARE_WITH_BACKUP("compare with backup", false),
  READ_LIVE_STACK("read the live stack on %s", false),
  AWAIT_ARCHIVE("wait for the archive", false),
  REMOVE_DRILL("remove drill on %s", false);

  /** New installation, migration and disaster recovery alike: they differ only in the backup and the host. */
  public static final List<Step> INSTALL = List.of(SEED_BACKUP, PREPARE_HOST, PULL_IMAGES, START_DATABASE, RESTORE_IF_EMPTY,
      MIGRATE_DATABASE, START_SERVICES, VERIFY_HEALTH);

  private final String label;
  private final boolean skippable;

  Step(String label, boolean skippable) {
    this.label = label;
    this.skippable = skippable;
  }

  /** The name an operator sees; {@code host} fills in the host of steps that run on another host than the stack's. */
  public String label(String host) {
    return label.contains("%s") ? label.formatted(host) : label;
  }

  public boolean onOtherHost() {
    return label.contains("%s");
  }

  public boolean skippable() {
    return skippable;
  }

  /** A workflow's sequence of steps, from parts such as {@code List.of(RESOLVE)} and {@link #INSTALL}. */
  @SafeVarargs
  public static List<Step> concat(List<Step>... parts) {
    List<Step> steps = new ArrayList<>();
    for (List<Step> part : parts) {
      steps.addAll(part);
    }
    return List.copyOf(steps);
  }
}
