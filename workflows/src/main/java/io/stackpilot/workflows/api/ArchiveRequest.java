package io.stackpilot.workflows.api;

/**
 * Input of ArchiveBinlog: the customer repo, the commit the stack runs ({@code ref}) and the branch the loop follows
 * ({@code branch}; null: none): archiving ends once neither asks for {@code backup.binlog} any more. {@code runFor}:
 * how long one shipping run on the host lasts before the workflow looks again (ISO-8601, default PT10M);
 * {@code state}: carried across continue-as-new.
 */
public record ArchiveRequest(String repo, String ref, String branch, String runFor, ArchiveStatus state)
    implements OperatorInput {

  public ArchiveRequest(String repo, String ref, String branch) {
    this(repo, ref, branch, null, null);
  }

  public ArchiveRequest with(String commit, ArchiveStatus carried) {
    return new ArchiveRequest(repo, commit, branch, runFor, carried);
  }
}
