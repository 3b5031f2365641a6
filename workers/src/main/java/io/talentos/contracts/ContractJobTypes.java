package io.talentos.contracts;

/**
 * Job types and messages of the contracts capability, declared once (house style:
 * {@code <capability>.<verb-object>}).
 */
public final class ContractJobTypes {
  public static final String DRAFT_FROM_QUOTE = "contracts.draft-from-quote";
  public static final String RETURN_TO_DRAFT = "contracts.return-to-draft";
  public static final String OPEN_SIGNATURE_PACKET = "contracts.open-signature-packet";
  public static final String SEND_SIGNING_LINKS = "contracts.send-signing-links";
  public static final String REMIND_SIGNER = "contracts.remind-signer";
  public static final String EXPIRE_SIGNING_LINK = "contracts.expire-signing-link";
  public static final String VOID_PACKET = "contracts.void-packet";
  public static final String SEAL_CONTRACT = "contracts.seal-contract";
  public static final String NOTIFY_CONTRACT_SIGNED = "contracts.notify-contract-signed";
  public static final String ACTIVATE_CONTRACT = "contracts.activate-contract";
  public static final String MARK_OBLIGATION = "contracts.mark-obligation";
  public static final String DRAFT_RENEWAL = "contracts.draft-renewal";
  public static final String END_TERM = "contracts.end-term";

  /** BPMN error: a signer declined; the packet ends. */
  public static final String SIGNER_DECLINED = "SIGNER_DECLINED";
  /** BPMN error: a signer's link expired unanswered; the packet ends. */
  public static final String SIGNING_LINK_EXPIRED = "SIGNING_LINK_EXPIRED";

  /** Message to the booking (correlation key: the booking id) once its contract is signed. */
  public static final String CONTRACT_SIGNED = "ContractSigned";
  /** Message that fulfils a deliverable obligation (correlation key: the booking id, else the obligation id). */
  public static final String DELIVERY_RECORDED = "DeliveryRecorded";

  private ContractJobTypes() {}
}
