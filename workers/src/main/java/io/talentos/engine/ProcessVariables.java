package io.talentos.engine;

import java.util.Set;

/**
 * Process variables that only TalentOS itself sets. Workers trust them to say whose data a job touches and whether
 * dual control happened, so no task completion, message or tenant model may write them (ADR 0001, ADR 0007).
 */
public final class ProcessVariables {

  /** The instance's tenant and business key, set when TalentOS starts the instance. */
  public static final Set<String> IDENTITY = Set.of("tenantId", "businessKey");

  /**
   * Identity plus the outcomes of maker-checker tasks (who prepared, who approved, whether), which the task list
   * writes from the authenticated user and the platform's approval forms.
   */
  public static final Set<String> GUARDED = Set.of("tenantId", "businessKey", "payoutPreparedBy", "payoutApproved",
      "payoutApprovedBy", "payoutSecondApprovedBy", "requestedBy", "overrideApproved", "overrideDecidedBy",
      "overrideId", "releaseApproved", "releaseApprovedBy", "releaseSecondApprovedBy", "disputeDecidedBy",
      "appealDecidedBy", "clientEvidenceBy", "talentEvidenceBy", "voidedReleaseReviewedBy",
      "payoutRefusalsReviewedBy", "submittedBy", "contractId", "castingCallId", "offerId", "offerAccepted",
      "offerDecidedBy", "seasonId", "directorApprovedBy", "auditorApprovedBy", "resultsApproved");

  private ProcessVariables() {}
}
