package io.stackpilot.workflows.api;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The search attributes that let an operator find stacks in the Web UI and the CLI. All keywords. */
public final class StackSearchAttributes {

  public static final SearchAttributeKey<String> CUSTOMER = SearchAttributeKey.forKeyword("StackCustomer");
  public static final SearchAttributeKey<String> RELEASE = SearchAttributeKey.forKeyword("StackRelease");
  public static final SearchAttributeKey<String> HOST = SearchAttributeKey.forKeyword("StackHost");
  public static final SearchAttributeKey<String> STEP = SearchAttributeKey.forKeyword("StackStep");
  public static final SearchAttributeKey<String> STATE = SearchAttributeKey.forKeyword("StackState");

  public static final List<SearchAttributeKey<String>> ALL = List.of(CUSTOMER, RELEASE, HOST, STEP, STATE);

  private StackSearchAttributes() {}
}
