package io.talentos.policy;

/** Job types of the policy capability's service tasks ({@code processes/policy/break-glass.bpmn}). */
public final class PolicyJobTypes {

  /** Grants an approved override until its expiry. */
  public static final String GRANT_OVERRIDE = "policy.grant-override";
  /** Ends an override when its time is up. */
  public static final String END_OVERRIDE = "policy.end-override";
  /** Records that the owner refused an override. */
  public static final String REFUSE_OVERRIDE = "policy.refuse-override";

  private PolicyJobTypes() {}
}
