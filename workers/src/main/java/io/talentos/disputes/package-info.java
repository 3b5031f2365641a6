/**
 * Disputes (seed 000 §10.4, issue 4): the job workers of {@code processes/finance/dispute.bpmn}. A dispute freezes
 * escrow through {@link io.talentos.finance.Escrow}, collects evidence, takes a LEGAL/FIN decision with an appeal
 * window, and posts the outcome as ledger adjustments.
 */
package io.talentos.disputes;
