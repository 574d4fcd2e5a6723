package io.stackpilot.workflows;

import java.util.Set;

/** Failure types of activities and runs. The fatal ones end a run at once: retrying cannot help. */
public final class FailureTypes {

  /** stack.yaml, the release, the ref, or the workflow input is wrong: the input must change. */
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
  /** A backup part does not match its manifest. */
  public static final String TAMPERED_BACKUP = "TamperedBackup";
  /** A backup or database holds a schema newer than the release being deployed: stack.yaml or the backup must change. */
  public static final String SCHEMA_NEWER_THAN_RELEASE = "SchemaNewerThanRelease";
  /** The operator aborted the run. */
  public static final String ABORTED = "Aborted";

  public static final Set<String> FATAL = Set.of(INVALID_CONFIGURATION, TAMPERED_BACKUP, SCHEMA_NEWER_THAN_RELEASE);

  private FailureTypes() {}
}
