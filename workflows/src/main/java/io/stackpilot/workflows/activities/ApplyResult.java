package io.stackpilot.workflows.activities;

import java.util.List;

/** The services an apply created or recreated, and those it left unchanged. */
public record ApplyResult(List<String> started, List<String> unchanged, List<String> removed) {}
