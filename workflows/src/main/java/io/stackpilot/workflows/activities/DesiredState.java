package io.stackpilot.workflows.activities;

import io.stackpilot.model.ReleaseSpec;
import io.stackpilot.model.StackSpec;

/** The validated desired state of a stack at one commit of its customer repo. */
public record DesiredState(String repo, String commit, StackSpec stack, ReleaseSpec release) {}
