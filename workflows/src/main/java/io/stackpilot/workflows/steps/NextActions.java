package io.stackpilot.workflows.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands that continue a step waiting for the operator, as stackctl and as the temporal CLI: accept or abort a
 * confirmation; otherwise retry (with another backup where the step restores one), skip where allowed, or abort.
 */
public final class NextActions {

  private NextActions() {}

  public static List<String> of(String customer, String workflowId, boolean confirming, boolean choosesBackup,
      String offeredBackup, boolean skippable) {
    String id = workflowId;
    List<String> commands = new ArrayList<>();
    if (confirming) {
      commands.add("stackctl accept " + customer + "    # or: temporal workflow update execute --workflow-id " + id
          + " --name decide --input '{\"action\":\"accept\"}'");
      commands.add("stackctl abort " + customer + " --reason '…'    # or: temporal workflow signal --workflow-id " + id
          + " --name abort --input '\"reason\"'");
      return commands;
    }
    if (choosesBackup) {
      String backup = offeredBackup == null ? "<backup-id>" : offeredBackup;
      commands.add("stackctl retry " + customer + " --backup " + backup + "    # or: temporal workflow update execute"
          + " --workflow-id " + id + " --name decide --input '{\"action\":\"retry\",\"backup\":\"" + backup + "\"}'");
    }
    commands.add("stackctl retry " + customer + "    # or: temporal workflow signal --workflow-id " + id + " --name retry");
    if (skippable) {
      commands.add("stackctl skip " + customer + "     # or: temporal workflow signal --workflow-id " + id + " --name skip");
    }
    commands.add("stackctl abort " + customer + " --reason '…'    # or: temporal workflow signal --workflow-id " + id
        + " --name abort --input '\"reason\"'");
    return commands;
  }
}
