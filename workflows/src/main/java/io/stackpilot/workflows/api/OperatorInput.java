package io.stackpilot.workflows.api;

/**
 * What an operator types: a workflow's input, a decision for a step. An unknown field there is a mistake, refused by
 * its name ({"rpeo": …}); everything else Temporal carries (activity arguments and results, state, queries) is read
 * tolerantly, so that a control worker and a host agent one version apart understand each other.
 */
public interface OperatorInput {}
