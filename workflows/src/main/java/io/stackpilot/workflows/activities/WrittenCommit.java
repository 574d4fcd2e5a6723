package io.stackpilot.workflows.activities;

/** A rollout's write into a customer repo: the commit the branch has for it, and what was done ("written", …). */
public record WrittenCommit(String commit, String outcome) {}
