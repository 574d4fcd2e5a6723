package io.stackpilot.worker.dashboard;

/** Someone who may act from the dashboard: the name recorded in the run's history, and the token that proves it. */
public record Operator(String name, String token) {}
