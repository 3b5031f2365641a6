package io.talentos.booking;

/** Job types of the booking capability, declared once (house style: {@code <capability>.<verb-object>}). */
public final class BookingJobTypes {
  public static final String PLACE_OPTION_HOLD = "booking.place-option-hold";
  public static final String SEND_QUOTE = "booking.send-quote";
  public static final String SEND_QUOTE_REMINDER = "booking.send-quote-reminder";
  public static final String RELEASE_OPTION_HOLD = "booking.release-option-hold";
  public static final String CONFIRM_OPTION_HOLD = "booking.confirm-option-hold";
  public static final String OPEN_ACCEPTANCE_WINDOW = "booking.open-acceptance-window";

  /** BPMN error: the talent already has a confirmed booking or two options on these dates. */
  public static final String TALENT_UNAVAILABLE = "TALENT_UNAVAILABLE";

  /**
   * Message published when the booking records its delivery: it fulfils the deliverable obligation of the booking's
   * contract (contract-signing.bpmn waits for it with the booking id as correlation key).
   */
  public static final String DELIVERY_RECORDED = "DeliveryRecorded";

  /** Message sent to a second option's booking when the first option is released. */
  public static final String OPTION_PROMOTED = "OptionPromoted";

  private BookingJobTypes() {}
}
