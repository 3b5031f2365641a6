#!/usr/bin/env bash
# Runs one booking end to end against a running TalentOS (./mvnw -pl api -am spring-boot:run) and prints the
# timeline and the balanced ledger. Logs in as the demo users through the dev issuer (--dev-auth).
# Needs curl and jq.  Usage: scripts/demo-booking.sh [base-url] [tenant] [token-endpoint]
set -euo pipefail
BASE=${1:-http://localhost:8080}
TENANT=${2:-demo}
TOKEN_ENDPOINT=${3:-http://localhost:8090/talentos-dev/token}
API="$BASE/api/v1/tenants/$TENANT"
command -v jq >/dev/null || { echo "This demo needs jq (apt-get install jq)"; exit 1; }

source "$(dirname "$0")/demo-lib.sh" # token, auth, step
get() { curl -sS -H "$(auth "${2:-booker.asha}")" "$API$1"; }
status() { get "/bookings/$ID" | jq -r .status; }
wait_status() { for _ in $(seq 1 100); do [ "$(status)" = "$1" ] && return 0; sleep 0.2; done; echo "booking did not reach $1 (is $(status))" >&2; exit 1; }
task() { # task ELEMENT_ID -> task id
  for _ in $(seq 1 100); do
    local t; t=$(get "/tasks?state=CREATED&bookingId=$ID" | jq -r --arg e "$1" '.[] | select(.elementId == $e) | .taskId' | head -1)
    [ -n "$t" ] && { echo "$t"; return 0; }; sleep 0.2
  done; echo "no open task $1" >&2; exit 1
}
message() { post /messages "" "{\"name\":\"$1\",\"correlationKey\":\"$ID\",\"messageId\":\"$1-$ID\",\"variables\":${2:-{\}}}" | jq -r --arg m "$1" '"  message \($m) correlated to process instance \(.processInstanceKey)\(if .duplicate then " (repeat of the same messageId: no second effect)" else "" end)"'; }
complete() { post "/tasks/$(task "$1")/complete" "$2" "$3" | jq -r '"  task \(.name) completed by \(.completedBy)"'; }

STARTS=$(date -u -d '+30 days' +%Y-%m-%dT09:00:00Z); ENDS=$(date -u -d '+30 days' +%Y-%m-%dT18:00:00Z)
step "1. Inquiry: Lumen Cosmetics asks for talent-mira, ₹1,50,000, tiered commission"
ID=$(post /bookings booker.asha "{\"talentId\":\"talent-mira-$RANDOM\",\"clientName\":\"Lumen Cosmetics\",\"startsAt\":\"$STARTS\",\"endsAt\":\"$ENDS\",\"deliverables\":\"One studio day, 20 retouched images\",\"budget\":{\"amountMinor\":15000000,\"currency\":\"INR\"},\"commissionModel\":\"TIERED\"}" | jq -r .bookingId)
echo "  booking $ID"; wait_status QUOTE_SENT; echo "  first option placed, quote sent"
step "2. The client accepts the quote; client, talent and agency sign the contract through their emailed links"
message QuoteAccepted
sign_booking_contract "$API" "$ID"
curl -sS -H "$(auth booker.asha)" "$API/contracts/$CONTRACT_ID/document" -o "${TMPDIR:-/tmp}/contract-$CONTRACT_ID.pdf"
curl -sS "$BASE/api/v1/contract-seal/certificate" -o "${TMPDIR:-/tmp}/talentos-seal.pem"
echo "  sealed PDF: ${TMPDIR:-/tmp}/contract-$CONTRACT_ID.pdf (check it: ./mvnw -q -pl tools exec:java -Dexec.args=\"${TMPDIR:-/tmp}/contract-$CONTRACT_ID.pdf ${TMPDIR:-/tmp}/talentos-seal.pem\")"
wait_status AWAITING_DEPOSIT
step "3. The payment processor captures the deposit into escrow (sent twice: the second has no effect)"
PAY="{\"paymentId\":\"pay_${ID%%-*}\",\"paymentAmountMinor\":15000000,\"paymentCurrency\":\"INR\",\"paymentFeeMinor\":300000}"  # one payment id per booking
message PaymentCaptured "$PAY"; message PaymentCaptured "$PAY"
wait_status ESCROW_FUNDED; echo "  escrow FUNDED: work may start"
step "4. The booker records the delivery proof; the client accepts"
complete Task_RecordDelivery booker.asha '{"deliveryProofUrl":"https://files.example/lumen/final.zip"}'
wait_status DELIVERED; message DeliveryAccepted
step "5. Payout: fin.ravi prepares it; approving needs a step-up login and a second person"
complete Task_PreparePayout fin.ravi '{"payoutReference":"PO-2026-001","payoutAmountsChecked":true}'
APPROVE=$(task Task_ApprovePayout)
for who in fin.meera fin.ravi+mfa; do
  curl -sS -X POST "$API/tasks/$APPROVE/complete" -H 'Content-Type: application/json' -H "$(auth $who)" -d '{"payoutApproved":true}' | jq -r --arg w "$who" '"  \($w) refused: \(.status) \(.detail)"'
done
complete Task_ApprovePayout fin.meera+mfa '{"payoutApproved":true}'
wait_status RECONCILED
step "Timeline"
get "/bookings/$ID" | jq -r '.timeline[] | select(.event == "COMPLETED" and (.elementType != "SEQUENCE_FLOW")) | "  \(.at)  \(.elementName)"'
step "Commission split (decisions/finance/commission-split.dmn)"
get "/bookings/$ID" | jq '.variables.commissionSplit'
step "Ledger balances of the booking (minor units)"
get "/ledger/balances?bookingId=$ID" fin.ravi | jq -r '.[] | "  \(.accountCode | sub(":.*"; ""))\t\(.type)\t\(.balanceMinor) \(.currency)"'
step "Tenant isolation: booker.omar of other-agency asks for this booking"
curl -sS -H "$(auth booker.omar)" "$API/bookings/$ID" | jq -r '"  \(.status) \(.detail)"'
step "Trial balance of tenant $TENANT"
get "/ledger/trial-balance" fin.ravi | jq -c .
step "Audit trail (auditor.ila): last records and chain verification"
get "/audit/records" auditor.ila | jq -r '.[-6:][] | "  \(.occurredAt)  \(.actor)  \(.capability)  \(.outcome)"'
get "/audit/verification" auditor.ila | jq -c .
