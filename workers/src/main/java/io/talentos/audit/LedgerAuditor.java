package io.talentos.audit;

import io.talentos.finance.Ledger;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records every new journal entry in the audit log as the sensitive worker action {@code finance.ledger.post}, done
 * by the finance service identity ({@code automation.finance}, seed 000 §6.6). Queued and written in batches, so
 * ledger writers of a tenant do not wait on each other for the audit chain.
 */
@Component
class LedgerAuditor {

  private final AuditLog audit;

  LedgerAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @EventListener
  void onPosted(Ledger.JournalEntryPosted posted) {
    audit.appendLater(new AuditLog.Entry(posted.tenantId(), "automation.finance", "finance.ledger.post", "journal-entry",
        String.valueOf(posted.entryId()), "POSTED", null,
        Map.of("kind", posted.kind(), "idempotencyKey", posted.idempotencyKey(),
            "businessKey", String.valueOf(posted.businessKey()), "postings", posted.postings()),
        null));
  }
}
