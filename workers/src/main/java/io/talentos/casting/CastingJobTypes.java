package io.talentos.casting;

/** The job types and BPMN error codes of processes/casting/casting-call.bpmn, declared once. */
public final class CastingJobTypes {

  public static final String OPEN_CALL = "casting.open-call";
  public static final String CHECK_FIRST_SUBMISSION = "casting.check-first-submission";
  public static final String CLOSE_SUBMISSIONS = "casting.close-submissions";
  public static final String CLOSE_UNFILLED = "casting.close-unfilled";
  public static final String CHECK_REVIEW = "casting.check-review";
  public static final String CHECK_DECISION = "casting.check-decision";
  public static final String SHARE_SHORTLIST = "casting.share-shortlist";
  public static final String CLOSE_AUDITIONS = "casting.close-auditions";
  public static final String SEND_OFFER = "casting.send-offer";
  public static final String CREATE_BOOKING = "casting.create-booking";
  public static final String RETURN_TO_SHORTLIST = "casting.return-to-shortlist";
  public static final String CLOSE_CALL = "casting.close-call";

  /** Nobody is on the shortlist yet: back to "Review submissions and shortlist". */
  public static final String SHORTLIST_EMPTY = "SHORTLIST_EMPTY";
  /** An audition is still SCHEDULED: back to "Hold auditions". */
  public static final String AUDITIONS_OPEN = "AUDITIONS_OPEN";
  /** The chosen submission cannot get an offer (not shortlisted, withdrawn, declined before): decide again. */
  public static final String OFFER_INVALID = "OFFER_INVALID";

  private CastingJobTypes() {}
}
