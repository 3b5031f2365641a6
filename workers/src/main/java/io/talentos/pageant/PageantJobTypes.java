package io.talentos.pageant;

/** The job types of processes/pageant/pageant-season.bpmn, declared once. */
public final class PageantJobTypes {

  public static final String HOLD_PRIZE_MONEY = "pageant.hold-prize-money";
  public static final String CLOSE_REGISTRATION = "pageant.close-registration";
  public static final String OPEN_STAGE = "pageant.open-stage";
  public static final String REMIND_JUDGES = "pageant.remind-judges";
  public static final String DETECT_ANOMALIES = "pageant.detect-anomalies";
  public static final String FREEZE_STAGE = "pageant.freeze-stage";
  public static final String COMPUTE_RESULTS = "pageant.compute-results";
  public static final String RECORD_REJECTION = "pageant.record-rejection";
  public static final String PUBLISH_RESULTS = "pageant.publish-results";
  public static final String ARCHIVE_SEASON = "pageant.archive-season";

  private PageantJobTypes() {}
}
