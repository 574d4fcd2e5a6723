package io.stackpilot.workflows.api;

/** A stack a rollout was started for: its customer, the repo and branch its loop follows, its release then. */
public record RolloutTarget(String customer, String repo, String ref, String release) {}
