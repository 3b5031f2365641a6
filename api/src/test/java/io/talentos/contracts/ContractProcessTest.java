package io.talentos.contracts;

import static io.talentos.support.Waits.AWAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.talentos.support.ContractSigning;
import io.talentos.support.ProcessTestSupport;
import io.talentos.support.TalentOsTest;
import io.talentos.support.TestSmtp;
import io.talentos.tasklist.TaskList;
import io.talentos.tools.PdfSeals;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of processes/contracts/contract-signing.bpmn on the real engine, with real PostgreSQL and real SMTP
 * (GreenMail): a booking's contract drafted on the accepted quote, negotiated with a redline, signed in order through
 * the emailed links and one-time passwords, sealed and activated, and the booking moving on to its deposit; approvals
 * by finance and legal, a refusal back to draft, parallel signing, a decline, an expired link after a reminder, an
 * addendum signed again, a renewal, the guardian rule for minors and immutability in the service and the database.
 */
@TalentOsTest
class ContractProcessTest extends ProcessTestSupport {

  @Autowired ContractService contracts;
  @Autowired SignaturePackets packets;
  @Autowired ContractDocuments documents;
  @Autowired EvidenceVault vault;
  @Autowired ContractTemplates templates;
  @Autowired PlatformSeal platformSeal;

  @Test
  void aBookingContractIsDraftedOnTheAcceptedQuoteSignedInOrderSealedAndTheBookingMovesOnToTheDeposit() {
    var booking = startBooking(newTalent(), 15_000_000, "PERCENTAGE");
    UUID bookingId = booking.bookingId();
    send(bookingId, "QuoteAccepted", Map.of());
    UUID id = await().atMost(AWAIT).until(() -> contracts.contractOfBooking(tenant(), bookingId).orElse(null),
        c -> c != null);
    var draft = contracts.view(tenant(), id, true);
    assertThat(draft.status()).isEqualTo("DRAFT");
    assertThat(draft.type()).isEqualTo("BOOKING");
    assertThat(draft.text()).contains("Lumen Cosmetics").contains("INR 150,000.00").contains("One studio day");
    assertThat(draft.valueMinor()).isEqualTo(15_000_000L);

    // negotiation: a second version, a readable redline; the deliverables are not a clause, so nothing to approve
    Map<String, Object> variables = new java.util.LinkedHashMap<>(contracts.terms(tenant(), id).variables());
    variables.put("deliverables", "One studio day, 25 edited images");
    ContractService.Redline redline = contracts.revise(tenant(), "booker.asha", id, variables, null, "25 images");
    assertThat(redline.fromVersion()).isEqualTo(1);
    assertThat(redline.toVersion()).isEqualTo(2);
    assertThat(redline.diff()).contains("~ ").contains("{+").contains("25 edited images");
    assertThat(redline.changedLines()).isEqualTo(1);

    String suffix = ContractSigning.suffix();
    List<ContractService.Signer> parties = ContractSigning.bookingParties(suffix);
    contracts.setSigners(tenant(), id, parties);
    contracts.submit(tenant(), "booker.asha", id);
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("APPROVED"));

    // in order: the talent's link goes out only after the client signed, the agency's after the talent
    TestSmtp.awaitMail(parties.get(0).email(), "Please sign", 1);
    assertThat(TestSmtp.count(parties.get(1).email(), "Please sign")).isZero();
    ContractSigning.answer(packets, tenant(), parties.get(0).email(), false, null);
    TestSmtp.awaitMail(parties.get(1).email(), "Please sign", 1);
    assertThat(TestSmtp.count(parties.get(2).email(), "Please sign")).isZero();
    ContractSigning.answer(packets, tenant(), parties.get(1).email(), false, null);
    ContractSigning.answer(packets, tenant(), parties.get(2).email(), false, null);

    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("ACTIVE"));
    awaitWaitingFor(bookingId, "PaymentCaptured"); // the booking moved on to the deposit
    await().atMost(AWAIT).until(() -> hasEvent(bookingId, "Task_ActivateContract", "COMPLETED"));
    assertThatBooking(booking).hasPassedElementsInOrder("Event_QuoteAccepted", "Task_DraftContract",
        "Event_ContractSigned", "Task_ConfirmOptionHold", "Task_RequestDeposit");
    assertThatProcess(bookingId, "contract-signing").hasPassedElementsInOrder("StartEvent_ContractSubmitted",
        "BusinessRuleTask_ApproversRequired", "Task_OpenSignaturePacket", "Task_SealContract",
        "Task_NotifyContractSigned", "Task_ActivateContract")
        .hasPassedElement("Task_SendSigningLinks", 3).hasPassedElement("Task_AwaitSignature", 3)
        .hasNotPassedElement("Task_ApproveContract").hasNotPassedElement("Task_VoidDeclinedPacket")
        .hasNotPassedElement("Task_RemindSigner").isActive();

    var active = contracts.view(tenant(), id, true);
    assertThat(active.version()).isEqualTo(2);
    assertThat(active.signers()).extracting(ContractService.SignerView::status).containsOnly("SIGNED");
    assertThat(active.signers()).extracting(ContractService.SignerView::channel).containsOnly("EMAIL_OTP");
    assertThat(active.obligations()).extracting(ContractService.ObligationView::kind)
        .containsExactlyInAnyOrder("INVOICE", "ESCROW_MILESTONE", "DELIVERABLE");
    assertThat(active.obligations()).filteredOn(o -> o.kind().equals("ESCROW_MILESTONE"))
        .extracting(ContractService.ObligationView::amountMinor).containsExactly(15_000_000L);
    List<String> evidence = vault.items(tenant(), id.toString()).stream().map(EvidenceVault.Item::name).toList();
    assertThat(evidence).contains("contract-" + id + "-v1.txt", "contract-" + id + "-v2.txt", "APPROVED",
        "SIGNING_LINK_SENT", "SIGNER_VIEWED", "SIGNER_SIGNED", "contract-" + id + "-v2-sealed.pdf");
    assertThat(evidence.stream().filter("SIGNER_SIGNED"::equals)).hasSize(3);
    byte[] sealed = documents.sealedDocument(tenant(), id);
    assertThat(new String(sealed, 0, 5)).isEqualTo("%PDF-");
    // an expiring read link to the sealed PDF (seed 000 §11.5 access expiry)
    var link = documents.accessLink(tenant(), id, "booker.asha", Duration.ofMinutes(30), "https://talentos.example");
    String linkToken = link.url().substring(link.url().lastIndexOf('/') + 1);
    assertThat(link.url()).startsWith("https://talentos.example/api/v1/contract-links/" + tenant() + "/");
    assertThat(documents.sharedDocument(tenant(), linkToken).pdf()).isEqualTo(sealed);
    advance(Duration.ofMinutes(31));
    assertThatThrownBy(() -> documents.sharedDocument(tenant(), linkToken))
        .isInstanceOf(SignaturePackets.LinkException.class).hasMessageContaining("expired");
    assertThat(PdfSeals.validate(sealed, platformSeal.certificate())).singleElement().satisfies(s -> {
      assertThat(s.intact()).isTrue();
      assertThat(s.format()).isEqualTo("PAdES-BASELINE-B");
      assertThat(s.indication()).isEqualTo("TOTAL_PASSED");
    });

    // immutable after signing: the service refuses, and so does the database
    assertThatThrownBy(() -> contracts.revise(tenant(), "booker.asha", id, variables, null, "sneaky"))
        .isInstanceOf(ContractService.ContractStateException.class).hasMessageContaining("addendum");
    assertThatThrownBy(() -> jdbc.update("update contract_version set rendered_text = 'changed' where contract_id = ?",
        id)).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("""
        insert into contract_version (tenant_id, contract_id, version, variables, clauses, rendered_text, sha256,
          created_by) values (?, ?, 3, '{}', '[]', 'x', repeat('0', 64), 'db')""", tenant(), id))
        .hasMessageContaining("no longer a draft");

    // the deliverable obligation is met when the booking records its delivery
    pay(bookingId, "pay-" + bookingId, 15_000_000, 0);
    recordDelivery(bookingId);
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).obligations().stream()
        .filter(o -> o.kind().equals("DELIVERABLE")).allMatch(o -> o.status().equals("FULFILLED")));
    assertThatProcess(bookingId, "contract-signing").hasPassedElement("Task_MarkFulfilled")
        .hasNotPassedElement("Task_ChaseObligation");
  }

  @Test
  void financeAndLegalApproveAParallelPacketAndTheRenewalReminderDraftsARenewal() {
    String suffix = ContractSigning.suffix();
    var clauses = new java.util.ArrayList<>(templates.defaultClauses(templates.template("CLIENT_SERVICE")));
    // the confidentiality clause reworded: legal must approve it as well as finance
    clauses.replaceAll(c -> c.category().equals("CONFIDENTIALITY")
        ? new ContractTemplates.Clause(c.id(), c.category(), c.title(), "Confidential for two years only.") : c);
    UUID id = draftClientService(30_000_000, suffix, clauses);
    contracts.submit(tenant(), "booker.asha", id);

    TaskList.TaskView finance = awaitContractTask(id, "finance-manager");
    TaskList.TaskView legal = awaitContractTask(id, "legal-manager");
    tasks.complete(tenant(), finance.taskId(), "fin.meera", Map.of("contractApproved", true));
    assertThat(contracts.view(tenant(), id, true).status()).isEqualTo("IN_APPROVAL");
    tasks.complete(tenant(), legal.taskId(), "legal.lena", Map.of("contractApproved", true,
        "approvalComment", "Two years is fine for this client"));
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("APPROVED"));

    // one signing group: both links go out at once
    String client = "client-" + suffix + "@brand.example";
    String agency = "agency-" + suffix + "@lumen.example";
    TestSmtp.awaitMail(client, "Please sign", 1);
    TestSmtp.awaitMail(agency, "Please sign", 1);
    ContractSigning.answer(packets, tenant(), agency, false, null);
    ContractSigning.answer(packets, tenant(), client, false, null);
    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_ActivateContract", "COMPLETED"));
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("BusinessRuleTask_ApproversRequired",
        "Task_OpenSignaturePacket", "Task_SealContract", "Task_ActivateContract")
        .hasPassedElement("Task_ApproveContract", 3); // the multi-instance body and one task per approver

    // the term ends in two hours, so the renewal reminder is due at once: renew, then the term ends as RENEWED
    TaskList.TaskView renewal = awaitTask(id, "Task_DecideRenewal");
    tasks.complete(tenant(), renewal.taskId(), "owner.devi", Map.of("renewContract", true));
    await().atMost(AWAIT).until(() -> hasEvent(id, "Event_TermEnds", "ENTERED")); // its timer exists
    advance(Duration.ofHours(3));
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("RENEWED"));
    await().atMost(AWAIT).until(() -> hasEvent(id, "EndEvent_ContractEnded", "COMPLETED"));
    var renewed = contracts.list(tenant(), null, "DRAFT", true).stream()
        .filter(c -> id.equals(c.parentContractId())).toList();
    assertThat(renewed).singleElement().satisfies(r -> {
      assertThat(r.kind()).isEqualTo("RENEWAL");
      assertThat(r.text()).isEqualTo(contracts.view(tenant(), id, true).text());
    });
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Event_RenewalReminderDue",
        "Task_DecideRenewal", "Task_DraftRenewal", "Event_TermEnds", "Task_EndTerm", "EndEvent_ContractEnded")
        .isCompleted();
  }

  @Test
  void aRefusalReturnsTheDraftForNegotiationAndTheSubmitterMayNotApproveTheirOwnContract() {
    UUID id = draftClientService(30_000_000, ContractSigning.suffix(), null);
    contracts.submit(tenant(), "fin.meera", id);
    TaskList.TaskView finance = awaitContractTask(id, "finance-manager");
    assertThatThrownBy(() -> tasks.complete(tenant(), finance.taskId(), "fin.meera",
        Map.of("contractApproved", true))).isInstanceOf(TaskList.SelfApprovalException.class);
    tasks.complete(tenant(), finance.taskId(), "fin.ravi", Map.of("contractApproved", false,
        "approvalComment", "Payment in 30 days, not 15"));
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("DRAFT"));
    assertThat(contracts.view(tenant(), id, true).statusReason()).contains("FINANCE: Payment in 30 days, not 15");
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Task_ReturnToDraft",
        "EndEvent_ReturnedToDraft").hasPassedElement("Task_ApproveContract", 2)
        .hasNotPassedElement("Task_OpenSignaturePacket").isCompleted();
    // back in negotiation: a new version is accepted again
    assertThat(contracts.revise(tenant(), "booker.asha", id, null, null, "30 days").toVersion()).isEqualTo(2);
  }

  @Test
  void aDeclineVoidsThePacketWithTheReasonAndTheLinkCannotBeUsedAgain() {
    String suffix = ContractSigning.suffix();
    UUID id = draftClientService(1_000_000, suffix, null);
    contracts.setSigners(tenant(), id, List.of(
        new ContractService.Signer("CLIENT", "Brand Buyer", "client-" + suffix + "@brand.example", 1, false),
        new ContractService.Signer("AGENCY", "Lumen Talent", "agency-" + suffix + "@lumen.example", 2, false)));
    contracts.submit(tenant(), "booker.asha", id);
    String client = "client-" + suffix + "@brand.example";
    String token = ContractSigning.linkToken(client, "Please sign", 1);
    ContractSigning.answer(packets, tenant(), client, true, "The fee is too high");

    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("VOIDED"));
    var voided = contracts.view(tenant(), id, true);
    assertThat(voided.statusReason()).isEqualTo("Declined by CLIENT Brand Buyer: The fee is too high");
    assertThat(voided.signers()).extracting(ContractService.SignerView::status).containsExactly("DECLINED", "VOIDED");
    assertThat(TestSmtp.count("agency-" + suffix + "@lumen.example", "Please sign")).isZero();
    assertThatThrownBy(() -> packets.open(tenant(), token, "203.0.113.7", "JUnit"))
        .isInstanceOf(SignaturePackets.LinkException.class);
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Task_AwaitSignature",
        "BoundaryEvent_SignerDeclined", "Task_VoidDeclinedPacket", "EndEvent_Declined")
        .hasNotPassedElement("Task_SealContract").isCompleted();
  }

  @Test
  void anUnansweredLinkIsRemindedWithAFreshLinkThenExpiresAndVoidsThePacket() {
    String suffix = ContractSigning.suffix();
    UUID id = draftClientService(1_000_000, suffix, null);
    contracts.submit(tenant(), "booker.asha", id);
    String client = "client-" + suffix + "@brand.example";
    String first = ContractSigning.linkToken(client, "Please sign", 1);

    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_AwaitSignature", "ENTERED")); // its timers exist
    advance(Duration.ofMinutes(70));
    String fresh = ContractSigning.linkToken(client, "Reminder", 1);
    assertThat(fresh).isNotEqualTo(first);
    assertThatThrownBy(() -> packets.open(tenant(), first, "203.0.113.7", "JUnit"))
        .isInstanceOf(SignaturePackets.LinkException.class).hasMessageContaining("replaced by a newer one");

    advance(Duration.ofHours(2));
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("VOIDED"));
    assertThat(contracts.view(tenant(), id, true).statusReason()).startsWith("Signing link expired for CLIENT");
    assertThatThrownBy(() -> packets.open(tenant(), fresh, "203.0.113.7", "JUnit"))
        .isInstanceOf(SignaturePackets.LinkException.class);
    assertThat(completions(id, "Task_RemindSigner")).as("a reminder each hour for each signer")
        .isGreaterThanOrEqualTo(2);
    assertThat(completions(id, "Task_ExpireSigningLink")).isPositive();
    assertThatProcess(id, "contract-signing")
        .hasPassedElementsInOrder("BoundaryEvent_SigningLinkExpired", "Task_VoidExpiredPacket", "EndEvent_Expired")
        .hasNotPassedElement("Task_SealContract").isCompleted();
  }

  @Test
  void anAddendumChangesASignedContractOnlyAfterItIsApprovedAndSignedAgain() {
    String suffix = ContractSigning.suffix();
    UUID id = draftClientService(1_000_000, suffix, null);
    contracts.submit(tenant(), "booker.asha", id);
    ContractSigning.answer(packets, tenant(), "client-" + suffix + "@brand.example", false, null);
    ContractSigning.answer(packets, tenant(), "agency-" + suffix + "@lumen.example", false, null);
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), id, true).status().equals("ACTIVE"));
    String signedText = contracts.view(tenant(), id, true).text();

    var addendum = contracts.addendum(tenant(), "booker.asha", id,
        Map.of("fee", Map.of("amountMinor", 25_000_000, "currency", "INR")), null, "Budget raised");
    assertThat(addendum.kind()).isEqualTo("ADDENDUM");
    assertThat(addendum.title()).startsWith("Addendum 1 to ");
    assertThat(addendum.text()).contains("INR 250,000.00");
    assertThat(addendum.signers()).hasSize(2).extracting(ContractService.SignerView::status).containsOnly("PENDING");
    contracts.submit(tenant(), "booker.asha", addendum.contractId());
    // above INR 2,00,000 the addendum needs finance, like any contract of that value
    tasks.complete(tenant(), awaitContractTask(addendum.contractId(), "finance-manager").taskId(), "fin.ravi",
        Map.of("contractApproved", true));
    ContractSigning.answer(packets, tenant(), "client-" + suffix + "@brand.example", false, null);
    ContractSigning.answer(packets, tenant(), "agency-" + suffix + "@lumen.example", false, null);
    await().atMost(AWAIT).until(() -> contracts.view(tenant(), addendum.contractId(), true).status()
        .equals("ACTIVE"));
    await().atMost(AWAIT).until(() -> hasEvent(addendum.contractId(), "Task_ActivateContract", "COMPLETED"));
    assertThat(contracts.view(tenant(), id, true).text()).isEqualTo(signedText);
    assertThat(contracts.view(tenant(), id, true).status()).isEqualTo("ACTIVE");
    assertThatProcess(addendum.contractId(), "contract-signing").hasPassedElementsInOrder("Task_OpenSignaturePacket",
        "Task_SealContract", "Task_NotifyContractSigned", "Task_ActivateContract")
        .hasPassedElement("Task_ApproveContract", 2);
    assertThat(contracts.view(tenant(), addendum.contractId(), true).obligations())
        .extracting(ContractService.ObligationView::kind, ContractService.ObligationView::amountMinor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("INVOICE", 24_000_000L)); // only the increase
    assertThatThrownBy(() -> contracts.addendum(tenant(), "booker.asha", addendum.contractId(), Map.of(), null,
        null)).isInstanceOf(ContractService.ContractStateException.class).hasMessageContaining("not an addendum");
    assertThatThrownBy(() -> contracts.addendum(tenant(), "booker.asha", id, Map.of("bonus", "x"), null, null))
        .isInstanceOf(ContractTemplates.InvalidTermsException.class).hasMessageContaining("bonus");
    // a second addendum starts from the first one's terms, and only one is open at a time
    var second = contracts.addendum(tenant(), "booker.asha", id, Map.of("termMonths", 18), null, "Longer term");
    assertThat(second.title()).startsWith("Addendum 2 to ");
    assertThat(second.text()).contains("INR 250,000.00");
    assertThatThrownBy(() -> contracts.addendum(tenant(), "booker.asha", id, Map.of("termMonths", 24), null, null))
        .isInstanceOf(ContractService.ContractStateException.class).hasMessageContaining("still open");
  }

  @Test
  void aMinorSignsOnlyAfterTheGuardianAndLegalApprovesTheConsent() {
    String suffix = ContractSigning.suffix();
    Map<String, Object> variables = Map.of("agencyName", "Lumen Talent", "effectiveDate", LocalDate.now().toString(),
        "talentName", "Anya", "minor", true, "guardianName", "Meera Rao", "mediaScope", "Campaign stills");
    var talent = new ContractService.Signer("TALENT", "Anya", "anya-" + suffix + "@talent.example", 1, true);
    assertThatThrownBy(() -> contracts.draft(tenant(), "booker.asha", new ContractService.Draft("CONSENT_RELEASE", null,
        null, variables, null, List.of(talent), false, null)))
        .isInstanceOf(ContractTemplates.InvalidTermsException.class).hasMessageContaining("GUARDIAN must sign first");

    String guardian = "guardian-" + suffix + "@family.example";
    UUID id = contracts.draft(tenant(), "booker.asha", new ContractService.Draft("CONSENT_RELEASE", null, null,
        variables, null, List.of(new ContractService.Signer("GUARDIAN", "Meera Rao", guardian, null, false),
            new ContractService.Signer("TALENT", "Anya", "anya-" + suffix + "@talent.example", null, true),
            new ContractService.Signer("AGENCY", "Lumen Talent", "agency-" + suffix + "@lumen.example", null, false)),
        false, null)).contractId();
    contracts.submit(tenant(), "booker.asha", id);
    tasks.complete(tenant(), awaitContractTask(id, "legal-manager").taskId(), "legal.lena",
        Map.of("contractApproved", true));
    TestSmtp.awaitMail(guardian, "Please sign", 1);
    assertThat(TestSmtp.count("anya-" + suffix + "@talent.example", "Please sign")).isZero();
    ContractSigning.answer(packets, tenant(), guardian, false, null);
    TestSmtp.awaitMail("anya-" + suffix + "@talent.example", "Please sign", 1);
  }

  @Test
  void aSignerNeedsTheEmailedCodeAndFiveWrongCodesUseItUp() {
    String suffix = ContractSigning.suffix();
    UUID id = draftClientService(1_000_000, suffix, null);
    contracts.submit(tenant(), "booker.asha", id);
    String client = "client-" + suffix + "@brand.example";
    String token = ContractSigning.linkToken(client, "Please sign", 1);
    var view = packets.open(tenant(), token, "203.0.113.9", "JUnit");
    assertThat(view.status()).isEqualTo("VIEWED");
    assertThat(view.text()).contains("Brand Buyer");
    assertThatThrownBy(() -> packets.answer(tenant(), token, "123456", false, null, "203.0.113.9", "JUnit"))
        .isInstanceOf(SignaturePackets.OtpException.class).hasMessageContaining("Ask for a one-time code first");
    packets.sendOtp(tenant(), token);
    String code = ContractSigning.code(client, 1);
    String wrong = code.equals("000000") ? "000001" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> packets.answer(tenant(), token, wrong, false, null, "203.0.113.9", "JUnit"))
          .isInstanceOf(SignaturePackets.OtpException.class).hasMessageContaining("wrong");
    }
    assertThatThrownBy(() -> packets.answer(tenant(), token, code, false, null, "203.0.113.9", "JUnit"))
        .isInstanceOf(SignaturePackets.OtpException.class).hasMessageContaining("Too many");
    assertThat(contracts.view(tenant(), id, true).signers().getFirst().status()).isEqualTo("VIEWED");

    // a new code at most every 30 seconds, five per link: 25 guesses in all before a fresh link is needed
    assertThatThrownBy(() -> packets.sendOtp(tenant(), token)).isInstanceOf(SignaturePackets.OtpException.class)
        .hasMessageContaining("less than 30 seconds");
    for (int i = 2; i <= 5; i++) {
      advance(Duration.ofSeconds(31));
      packets.sendOtp(tenant(), token);
    }
    advance(Duration.ofSeconds(31));
    assertThatThrownBy(() -> packets.sendOtp(tenant(), token)).isInstanceOf(SignaturePackets.OtpException.class)
        .hasMessageContaining("5 codes were sent");
    String fifth = ContractSigning.code(client, 5);
    assertThat(packets.answer(tenant(), token, fifth, false, null, "203.0.113.9", "JUnit").status())
        .isEqualTo("SIGNED");
  }

  @Test
  void anAnswerWhoseMessageWasLostIsFoundWhenTheLinkExpiresAndTheContractIsSealed() {
    String suffix = ContractSigning.suffix();
    UUID id = draftClientService(1_000_000, suffix, null);
    contracts.submit(tenant(), "booker.asha", id);
    String client = "client-" + suffix + "@brand.example";
    ContractSigning.linkToken(client, "Please sign", 1);
    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_AwaitSignature", "ENTERED"));
    // the client's signature is on record, but its SignerResponded never reached the engine
    jdbc.update("""
        update contract_signer set status = 'SIGNED', decided_at = now(), ip_address = '203.0.113.8',
          channel = 'EMAIL_OTP', link_sha256 = null where contract_id = ? and party_role = 'CLIENT'""", id);
    ContractSigning.answer(packets, tenant(), "agency-" + suffix + "@lumen.example", false, null);

    advance(Duration.ofHours(4));
    await().atMost(AWAIT).until(() -> hasEvent(id, "Task_ActivateContract", "COMPLETED"));
    assertThat(contracts.view(tenant(), id, true).status()).isEqualTo("ACTIVE");
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Task_ExpireSigningLink",
        "Gateway_AnsweredMeanwhile", "EndEvent_SignedMeanwhile", "Task_SealContract")
        .hasNotPassedElement("Task_VoidExpiredPacket");
  }

  @Test
  void aDeliverablePastDueRaisesATaskAndIsStillFulfilledWhenItComesLate() {
    UUID id = contractWithADeliverableDueToday();
    advance(Duration.ofHours(2));
    TaskList.TaskView chase = awaitTask(id, "Task_ChaseObligation");
    var deliverable = contracts.view(tenant(), id, true).obligations().stream()
        .filter(o -> o.kind().equals("DELIVERABLE")).findFirst().orElseThrow();
    assertThat(deliverable.status()).isEqualTo("OVERDUE");
    tasks.complete(tenant(), chase.taskId(), "booker.asha", Map.of("obligationChaseNote", "Stills due Friday"));
    await().atMost(AWAIT).until(() -> hasEvent(id, "Event_DeliveredLate", "ENTERED"));
    messages.publish(tenant(), ContractJobTypes.DELIVERY_RECORDED, deliverable.obligationId().toString(),
        "delivery-recorded:" + deliverable.obligationId(), Duration.ofDays(1), Map.of());
    await().atMost(AWAIT).until(() -> hasEvent(id, "EndEvent_ContractEnded", "COMPLETED"));
    assertThat(contracts.view(tenant(), id, true).obligations()).filteredOn(o -> o.kind().equals("DELIVERABLE"))
        .extracting(ContractService.ObligationView::status).containsExactly("FULFILLED");
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Event_PastDue", "Task_MarkOverdue",
        "Task_ChaseObligation", "Event_DeliveredLate", "Task_MarkFulfilledLate", "EndEvent_FulfilledLate",
        "EndEvent_ContractEnded").hasNotPassedElement("Task_MarkFulfilled").hasNotPassedElement("Task_MarkWaived")
        .isCompleted();
  }

  @Test
  void aDeliverableWaivedInTheChaseTaskEndsTheContractWithoutADelivery() {
    UUID id = contractWithADeliverableDueToday();
    advance(Duration.ofHours(2));
    tasks.complete(tenant(), awaitTask(id, "Task_ChaseObligation").taskId(), "booker.asha", Map.of(
        "obligationChaseNote", "Client cancelled the stills", "obligationWaived", true));
    await().atMost(AWAIT).until(() -> hasEvent(id, "EndEvent_ContractEnded", "COMPLETED"));
    assertThat(contracts.view(tenant(), id, true).obligations()).filteredOn(o -> o.kind().equals("DELIVERABLE"))
        .extracting(ContractService.ObligationView::status).containsExactly("WAIVED");
    assertThatProcess(id, "contract-signing").hasPassedElementsInOrder("Task_ChaseObligation", "Task_MarkWaived",
        "EndEvent_Waived", "EndEvent_ContractEnded").hasNotPassedElement("Event_DeliveredLate").isCompleted();
  }

  /**
   * A signed, active BOOKING contract without a booking whose deliverable is due an hour after the engine's day began
   * (so at most an hour ahead, or already due).
   */
  private UUID contractWithADeliverableDueToday() {
    String suffix = ContractSigning.suffix();
    String today = LocalDate.ofInstant(clock.now(), ZoneOffset.UTC).toString();
    Map<String, Object> variables = Map.of("agencyName", "Lumen Talent", "effectiveDate", today, "clientName",
        "Brand Buyer", "talentName", "Ria Sen", "startsAt", today, "endsAt", today, "deliverables",
        "Ten edited stills", "fee", Map.of("amountMinor", 1_000_000, "currency", "INR"), "commissionModel",
        "PERCENTAGE");
    List<ContractService.Signer> parties = ContractSigning.bookingParties(suffix).stream()
        .map(p -> new ContractService.Signer(p.role(), p.name(), p.email(), 1, false)).toList();
    UUID id = contracts.draft(tenant(), "booker.asha", new ContractService.Draft("BOOKING", null, null, variables,
        null, parties, false, null)).contractId();
    contracts.submit(tenant(), "booker.asha", id);
    ContractSigning.signAll(packets, tenant(), parties);
    // the SLA timer exists once the event-based gateway is entered (its catch events enter only when they occur)
    await().atMost(AWAIT).until(() -> hasEvent(id, "Gateway_DeliveredInTime", "ENTERED"));
    return id;
  }

  /** A CLIENT_SERVICE contract of the fee in INR minor units, client and agency signing in parallel, ends in 2 h. */
  private UUID draftClientService(long feeMinor, String suffix, List<ContractTemplates.Clause> clauses) {
    Map<String, Object> variables = Map.of("agencyName", "Lumen Talent", "effectiveDate",
        LocalDate.ofInstant(clock.now(), ZoneOffset.UTC).toString(), "clientName", "Brand Buyer", "services",
        "Talent sourcing for the spring campaign", "fee", Map.of("amountMinor", feeMinor, "currency", "INR"),
        "termMonths", 12);
    return contracts.draft(tenant(), "booker.asha", new ContractService.Draft("CLIENT_SERVICE", null, null, variables,
        clauses, List.of(
            new ContractService.Signer("CLIENT", "Brand Buyer", "client-" + suffix + "@brand.example", 1, false),
            new ContractService.Signer("AGENCY", "Lumen Talent", "agency-" + suffix + "@lumen.example", 1, false)),
        false, clock.now().plus(Duration.ofHours(2)))).contractId();
  }

  private TaskList.TaskView awaitContractTask(UUID contractId, String group) {
    return await().atMost(AWAIT).until(() -> tasks.list(tenant(), "CREATED", null, contractId.toString()).stream()
        .filter(t -> t.elementId().equals("Task_ApproveContract") && t.candidateGroups().contains(group))
        .findFirst().orElse(null), t -> t != null);
  }
}
