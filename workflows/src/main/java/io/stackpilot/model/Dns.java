package io.stackpilot.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Names a stack answers to. */
public record Dns(@JsonProperty("public") String publicName) {}
