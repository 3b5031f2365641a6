#!/usr/bin/env bash
# Issue 4 end to end against a running TalentOS (./mvnw -pl api -am spring-boot:run): a GST invoice and its PDF, a
# signed Razorpay webhook that funds the escrow (delivered twice), a dispute that freezes part of it, a partial
# refund decided on appeal, two milestone releases with dual approval, a maker-checker payout, the refund returned by
# hand (no Razorpay API key), and the balanced ledger.
# Needs curl, jq and openssl.  Usage: scripts/demo-finance.sh [base-url] [tenant] [token-endpoint]
set -euo pipefail
BASE=${1:-http://localhost:8080}
TENANT=${2:-demo}
TOKEN_ENDPOINT=${3:-http://localhost:8090/talentos-dev/token}
API="$BASE/api/v1/tenants/$TENANT"
SECRET=whsec_demo_razorpay
for tool in jq openssl; do command -v $tool >/dev/null || { echo "This demo needs $tool"; exit 1; }; done

source "$(dirname "$0")/demo-lib.sh" # token, auth, step
call() { # call METHOD PATH USER [JSON]
  local out; out=$(curl -sS -X "$1" "$API$2" -H 'Content-Type: application/json' -H "$(auth "$3")" ${4:+-d "$4"} -w '\n%{http_code}')
  local code=${out##*$'\n'}; local body=${out%$'\n'*}
  if [ "${code:0:1}" != 2 ]; then echo "HTTP $code on $1 $2: $body" >&2; exit 1; fi
  echo "$body"
}
get() { call GET "$1" "${2:-booker.asha}"; }
task() { # task ELEMENT_ID -> task id (waits for it)
  for _ in $(seq 1 150); do
    local t; t=$(get "/tasks?state=CREATED&bookingId=$ID" | jq -r --arg e "$1" '.[] | select(.elementId == $e) | .taskId' | head -1)
    [ -n "$t" ] && { echo "$t"; return 0; }; sleep 0.2
  done; echo "no open task $1" >&2; exit 1
}
complete() { call POST "/tasks/$(task "$1")/complete" "$2" "$3" | jq -r '"  \(.name): completed by \(.completedBy)"'; }
message() { # message NAME [VARIABLES]: correlates once the process waits for it (409 until then)
  for _ in $(seq 1 150); do
    local code; code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$API/messages" -H 'Content-Type: application/json' \
      -H "$(auth booker.asha)" -d "{\"name\":\"$1\",\"correlationKey\":\"$ID\",\"messageId\":\"$1-$ID\",\"variables\":${2:-{\}}}")
    [ "${code:0:1}" = 2 ] && { echo "  message $1 correlated"; return 0; }
    [ "$code" != 409 ] && { echo "message $1: HTTP $code" >&2; exit 1; }; sleep 0.2
  done; echo "nothing waits for $1" >&2; exit 1
}
balances() { get "/ledger/balances?bookingId=$ID" fin.ravi | jq -r '.[] | select(.balanceMinor != 0) | "  \(.accountCode | sub(":.*"; ""))\t\(.balanceMinor) \(.currency)"'; }
wait_status() { for _ in $(seq 1 150); do [ "$(get "/bookings/$ID" | jq -r .status)" = "$1" ] && return 0; sleep 0.2; done; echo "booking did not reach $1" >&2; exit 1; }

step "0. The owner sets the supplier's GST details, the Razorpay webhook secret and a release threshold of ₹50,000"
call PUT /tax-profile owner.devi '{"legalName":"Lumen Talent Pvt Ltd","address":"12 Linking Road, Bandra West, Mumbai 400050","stateCode":"27","gstin":"27AABCL1234M1Z5","invoicePrefix":"LT"}' >/dev/null
call PUT /payment-providers/razorpay owner.devi "{\"webhookSecret\":\"$SECRET\"}" >/dev/null
call PUT /finance-settings owner.devi '{"releaseThresholdMinor":5000000,"releaseThresholdCurrency":"INR"}' | jq -c .

step "1. A booking of ₹1,50,000 released in two escrow milestones (40% shoot day, 60% final images)"
STARTS=$(date -u -d '+30 days' +%Y-%m-%dT09:00:00Z); ENDS=$(date -u -d '+30 days' +%Y-%m-%dT18:00:00Z)
ID=$(call POST /bookings booker.asha "{\"talentId\":\"talent-mira-$RANDOM\",\"clientName\":\"Lumen Cosmetics\",\"startsAt\":\"$STARTS\",\"endsAt\":\"$ENDS\",\"deliverables\":\"Shoot day and 20 retouched images\",\"budget\":{\"amountMinor\":15000000,\"currency\":\"INR\"},\"commissionModel\":\"PERCENTAGE\",\"milestones\":[{\"name\":\"Shoot day\",\"shareBasisPoints\":4000},{\"name\":\"Final images delivered\",\"shareBasisPoints\":6000}]}" | jq -r .bookingId)
echo "  booking $ID"
wait_status QUOTE_SENT; message QuoteAccepted
sign_booking_contract "$API" "$ID"

step "2. Finance raises the GST invoice (Karnataka client: IGST) and downloads its PDF"
INVOICE=$(call POST /invoices fin.ravi "{\"bookingId\":\"$ID\",\"currency\":\"INR\",\"recipient\":{\"name\":\"Lumen Cosmetics Pvt Ltd\",\"address\":\"80 MG Road, Bengaluru 560001\",\"gstin\":\"29AAACL7777B1Z2\",\"stateCode\":\"29\",\"country\":\"IN\"},\"lines\":[{\"description\":\"Modelling services, one studio day\",\"sac\":\"999614\",\"amountMinor\":15000000}]}")
echo "$INVOICE" | jq -r '"  invoice \(.invoiceNumber): taxable \(.taxableMinor), IGST \(.igstMinor), total \(.totalMinor) minor units of \(.currency)"'
PDF=/tmp/talentos-invoice-${ID%%-*}.pdf
curl -sS -H "$(auth fin.ravi)" "$API/invoices/$(echo "$INVOICE" | jq -r .invoiceId)/pdf" -o "$PDF"; echo "  PDF: $PDF ($(wc -c <"$PDF") bytes)"

step "3. Razorpay reports the payment captured: a signed webhook, delivered twice (the second is a repeat)"
PAYLOAD="{\"entity\":\"event\",\"account_id\":\"acc_demo\",\"event\":\"payment.captured\",\"contains\":[\"payment\"],\"payload\":{\"payment\":{\"entity\":{\"id\":\"pay_${ID%%-*}\",\"entity\":\"payment\",\"amount\":15000000,\"currency\":\"INR\",\"status\":\"captured\",\"fee\":300000,\"notes\":{\"bookingId\":\"$ID\"}}}},\"created_at\":$(date +%s)}"
SIGNATURE=$(printf '%s' "$PAYLOAD" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')
for attempt in first second; do
  curl -sS -X POST "$BASE/api/v1/webhooks/razorpay/$TENANT" -H 'Content-Type: application/json' \
    -H "X-Razorpay-Signature: $SIGNATURE" -H "X-Razorpay-Event-Id: evt_${ID%%-*}" -d "$PAYLOAD" \
    | jq -r --arg a "$attempt" '"  \($a) delivery: \(if .duplicate then "a repeat, no second effect" else "published as \(.messageName)" end)"'
done
wait_status ESCROW_FUNDED; echo "  escrow FUNDED:"; balances

step "4. The booker records the delivery; the client disputes ₹30,000 of it: exactly that amount is frozen"
complete Task_RecordDelivery booker.asha '{"deliveryProofUrl":"https://files.example/lumen/final.zip"}'
wait_status DELIVERED
message DisputeOpened "{\"disputeReference\":\"D-${ID%%-*}\",\"disputedAmountMinor\":3000000,\"disputeReason\":\"Five of the twenty images were not retouched\"}"
task Task_ClientEvidence >/dev/null; balances
get /escrows fin.ravi | jq -r --arg id "$ID" '.[] | select(.bookingId == $id) | "  open escrow case: escrow \(.escrowMinor), frozen \(.frozenMinor)"'

step "5. Evidence from both sides; legal decides a full payout; the client appeals; finance decides a partial refund of ₹10,000"
complete Task_ClientEvidence booker.asha '{"evidenceUrl":"https://files.example/lumen/brief.pdf","evidenceNote":"the brief asks for twenty retouched images"}'
complete Task_TalentEvidence booker.asha '{"evidenceUrl":"https://files.example/mira/delivery-log.pdf"}'
complete Task_DecideDispute legal.lena '{"disputeOutcome":"FULL_PAYOUT","disputeDecisionReason":"delivery matches the signed brief"}'
message DisputeAppealed '{"appealReason":"five images were delivered unretouched"}'
complete Task_DecideAppeal fin.meera '{"disputeOutcome":"PARTIAL_PAYOUT","disputeRefundMinor":1000000,"disputeDecisionReason":"five images unretouched: ₹10,000 back"}'

step "6. The escrow is released milestone by milestone; each is above ₹50,000, so two different approvers sign it"
for milestone in 1 2; do
  complete Task_ApproveRelease fin.ravi '{"releaseApproved":true}'
  complete Task_SecondReleaseApproval fin.meera '{"releaseApproved":true}'
done

step "7. Payout: fin.ravi prepares it; fin.meera approves with a step-up login (maker-checker)"
complete Task_PreparePayout fin.ravi '{"payoutReference":"PO-2026-014","payoutAmountsChecked":true}'
complete Task_ApprovePayout fin.meera+mfa '{"payoutApproved":true}'
wait_status RECONCILED

step "8. The ₹10,000 refund: the client paid through Razorpay, but the tenant gave TalentOS no Razorpay API key, so refund.bpmn holds it for the client and finance returns it by hand"
refunds() { get "/refunds?bookingId=$ID" fin.ravi; }
for _ in $(seq 1 150); do [ "$(refunds | jq -r '.[0].status')" = MANUAL ] && break; sleep 0.2; done
refunds | jq -r '.[] | "  refund \(.refundKey): \(.amountMinor) \(.currency), \(.status): \(.failureReason)"'
complete Task_ReturnByHand fin.ravi '{"refundReturnReference":"UTR-2026-0042","refundReturnNote":"NEFT to Lumen Cosmetics"}'
for _ in $(seq 1 150); do [ "$(refunds | jq -r '.[0].status')" = RETURNED_BY_HAND ] && break; sleep 0.2; done
refunds | jq -r '.[] | "  refund \(.refundKey): \(.status), reference \(.returnedReference) by \(.returnedBy)"'

step "Journal entries of the booking (nothing deleted: freezes, refunds and releases are all postings)"
get "/ledger/entries?bookingId=$ID" fin.ravi | jq -r '.[] | "  \(.kind)\t\(.description)"'
step "Balances left on the booking: the agency's commission and the platform fee (the refund went to the client's cash)"
balances
step "Trial balance of tenant $TENANT"
get /ledger/trial-balance fin.ravi | jq -c .
call PUT /finance-settings owner.devi '{}' >/dev/null # back to the platform's release thresholds
