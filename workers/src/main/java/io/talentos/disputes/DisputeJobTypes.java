package io.talentos.disputes;

/** Job types and BPMN errors of the disputes capability ({@code processes/finance/dispute.bpmn}), declared once. */
public final class DisputeJobTypes {
  /** Freezes the disputed escrow amount. */
  public static final String FREEZE_AMOUNT = "disputes.freeze-amount";
  /** Escalates a party's overdue evidence to legal (SLA timer). */
  public static final String ESCALATE_EVIDENCE = "disputes.escalate-evidence";
  /** Checks a LEGAL/FIN decision and opens the appeal window. */
  public static final String CHECK_DECISION = "disputes.check-decision";
  /** Posts the decided outcome as ledger adjustments. */
  public static final String SETTLE = "disputes.settle";

  /** BPMN error: the decision names no known outcome or amounts outside the frozen amount; decide again. */
  public static final String INVALID_DECISION = "INVALID_DECISION";

  private DisputeJobTypes() {}
}
