#!/usr/bin/env bash
# Runs a casting call (B2) end to end against a running TalentOS (./mvnw -pl api -am spring-boot:run): a role is
# posted, a talent and an agent submit, the quota closes the role, casting shortlists, the client opens the emailed
# shortlist (redacted), signs the NDA, opens it again (names shown), auditions are held (one no-show), the first offer
# is declined, the second accepted, and the accepted offer becomes a booking.
# Needs curl and jq.  Usage: scripts/demo-casting.sh [base-url] [tenant] [token-endpoint]
set -euo pipefail
BASE=${1:-http://localhost:8080}
TENANT=${2:-demo}
TOKEN_ENDPOINT=${3:-http://localhost:8090/talentos-dev/token}
API="$BASE/api/v1/tenants/$TENANT"
command -v jq >/dev/null || { echo "This demo needs jq (apt-get install jq)"; exit 1; }
source "$(dirname "$0")/demo-lib.sh" # token, auth, step, mail helpers, sign_as

get() { curl -sS -H "$(auth "${2:-casting.carla}")" "$API$1"; }
status() { get "/casting/calls/$CALL" | jq -r .status; }
wait_status() { for _ in $(seq 1 150); do [ "$(status)" = "$1" ] && return 0; sleep 0.2; done; echo "casting call did not reach $1 (is $(status))" >&2; exit 1; }
task() { # task ELEMENT_ID -> open task id of the casting call
  for _ in $(seq 1 150); do
    local t; t=$(get "/tasks?state=CREATED&bookingId=$CALL" | jq -r --arg e "$1" '.[] | select(.elementId == $e) | .taskId' | head -1)
    [ -n "$t" ] && { echo "$t"; return 0; }; sleep 0.2
  done; echo "no open task $1" >&2; exit 1
}
complete() { post "/tasks/$(task "$1")/complete" casting.carla "$2" | jq -r '"  task \(.name) completed by \(.completedBy)"'; }

TAG=$RANDOM
CLIENT="casting-$TAG@kesar.example"; AGENCY="casting-$TAG@demo-agency.example"
CLOSES=$(date -u -d '+3 days' +%Y-%m-%dT12:00:00Z)
SHOOT=$(date -u -d '+40 days' +%Y-%m-%dT09:00:00Z); WRAP=$(date -u -d '+40 days' +%Y-%m-%dT18:00:00Z)
step "1. casting.carla posts a role for Kesar Brands: quota 3, closes $CLOSES"
CALL=$(post /casting/calls casting.carla "{\"title\":\"Festive film $TAG\",\"roleName\":\"Lead\",\"description\":\"Two looks, one shoot day\",\"clientName\":\"Kesar Brands\",\"clientEmail\":\"$CLIENT\",\"quota\":3,\"closesAt\":\"$CLOSES\",\"shootStartsAt\":\"$SHOOT\",\"shootEndsAt\":\"$WRAP\",\"budget\":{\"amountMinor\":9000000,\"currency\":\"INR\"},\"commissionModel\":\"PERCENTAGE\",\"agencySignerName\":\"Carla Mendes\",\"agencySignerEmail\":\"$AGENCY\"}" | jq -r .castingCallId)
post "/casting/calls/$CALL/publish" casting.carla | jq -r '"  published: casting-call instance \(.processInstanceKey)"'
step "2. Submissions: talent.ria for herself, booker.asha (agent) for two talents; the third reaches the quota"
RIA=$(post "/casting/calls/$CALL/submissions" talent.ria '{"talentId":"talent.ria","talentName":"Ria Sen","media":["https://media.example/ria/selftape.mp4"]}' | jq -r .submissionId)
MO=$(post "/casting/calls/$CALL/submissions" booker.asha "{\"talentId\":\"talent-mo-$TAG\",\"talentName\":\"Mo Khan\",\"media\":[\"https://media.example/mo/book.pdf\"]}" | jq -r .submissionId)
ZOE=$(post "/casting/calls/$CALL/submissions" booker.asha "{\"talentId\":\"talent-zoe-$TAG\",\"talentName\":\"Zoe Das\"}" | jq -r .submissionId)
post "/casting/submissions/$ZOE/withdraw" booker.asha | jq -r '"  the agent withdraws Zoe before casting viewed her: \(.status)"'
wait_status SHORTLIST; get "/casting/calls/$CALL" | jq -r '"  submissions closed by \(.closedReason): \(.submissions) live, status \(.status)"'
step "3. Casting reviews and shortlists Ria and Mo; the shortlist goes to the client"
for s in $RIA $MO; do post "/casting/submissions/$s/shortlist" casting.carla '{"shortlisted":true}' | jq -r '"  shortlisted \(.talentName)"'; done
complete Task_Shortlist '{"shortlistReady":true}'
VIEW=$(grep -o '/api/v1/casting-views/[A-Za-z0-9_./-]*' "$(newest_mail "$CLIENT" 'Shortlist')" | tail -1)
curl -sS -D - "$BASE$VIEW" -o "${TMPDIR:-/tmp}/view-$TAG.json" | grep -i '^x-watermark' | sed 's/^/  /'
jq -r '"  client view (NDA \(.ndaStatus)): redacted=\(.redacted): \([.talent[].talentName] | join(", "))"' "${TMPDIR:-/tmp}/view-$TAG.json"
step "4. The client's NDA (drafted from the NDA template): agency and client sign through their emailed links"
sign_as "$BASE" "$AGENCY"; sign_as "$BASE" "$CLIENT"
for _ in $(seq 1 150); do [ "$(curl -sS "$BASE$VIEW" | jq -r .redacted)" = false ] && break; sleep 0.2; done
curl -sS "$BASE$VIEW" | jq -r '"  client view (NDA \(.ndaStatus)): redacted=\(.redacted): \([.talent[] | "\(.talentName) \(.media)"] | join(", "))"'
step "5. Auditions: Mo's time is held by another booking, so that slot is refused; Ria attends, Mo does not show"
DAY=$(date -u -d '+2 days' +%Y-%m-%d)
OTHER=$(curl -sS -X POST "$API/bookings" -H 'Content-Type: application/json' -H "$(auth booker.asha)" -d "{\"talentId\":\"talent-mo-$TAG\",\"clientName\":\"Other Client\",\"startsAt\":\"${DAY}T09:00:00Z\",\"endsAt\":\"${DAY}T17:00:00Z\",\"deliverables\":\"Fitting\",\"budget\":{\"amountMinor\":1000000,\"currency\":\"INR\"},\"commissionModel\":\"PERCENTAGE\"}" | jq -r .bookingId)
for _ in $(seq 1 100); do [ "$(curl -sS -H "$(auth booker.asha)" "$API/bookings/$OTHER" | jq -r .status)" = QUOTE_SENT ] && break; sleep 0.2; done
curl -sS -X POST "$API/casting/submissions/$MO/auditions" -H 'Content-Type: application/json' -H "$(auth casting.carla)" -d "{\"startsAt\":\"${DAY}T10:00:00Z\",\"endsAt\":\"${DAY}T11:00:00Z\"}" | jq -r '"  refused: \(.status) \(.detail)"'
A1=$(post "/casting/submissions/$RIA/auditions" casting.carla "{\"startsAt\":\"${DAY}T18:00:00Z\",\"endsAt\":\"${DAY}T19:00:00Z\"}" | jq -r .auditionId)
A2=$(post "/casting/submissions/$MO/auditions" casting.carla "{\"startsAt\":\"${DAY}T19:00:00Z\",\"endsAt\":\"${DAY}T20:00:00Z\"}" | jq -r .auditionId)
post "/casting/auditions/$A1/outcome" casting.carla '{"outcome":"ATTENDED"}' | jq -r '"  Ria: \(.status)"'
post "/casting/auditions/$A2/outcome" casting.carla '{"outcome":"NO_SHOW"}' | jq -r '"  Mo: \(.status)"'
complete Task_HoldAuditions '{"auditionsHeld":true}'
step "6. Offer to Ria: she declines, the call returns to the shortlist; the offer to Mo is accepted by his agent"
complete Task_DecideOffer "{\"offerSubmissionId\":\"$RIA\",\"offerFeeMinor\":7500000}"
for _ in $(seq 1 150); do OFFER=$(get "/casting/calls/$CALL/offers" | jq -r '.[] | select(.status == "SENT") | .offerId'); [ -n "$OFFER" ] && break; sleep 0.2; done
post "/casting/offers/$OFFER/decline" talent.ria '{"reason":"Exams that week"}' | jq -r '"  offer \(.status): \(.declineReason)"'
wait_status SHORTLIST
complete Task_DecideOffer "{\"offerSubmissionId\":\"$MO\",\"offerFeeMinor\":7000000}"
for _ in $(seq 1 150); do OFFER=$(get "/casting/calls/$CALL/offers" | jq -r '.[] | select(.status == "SENT") | .offerId'); [ -n "$OFFER" ] && break; sleep 0.2; done
post "/casting/offers/$OFFER/accept" booker.asha | jq -r '"  offer \(.status) (₹\(.fee.amountMinor / 100))"'
wait_status CLOSED
BOOKING=$(get "/casting/calls/$CALL" | jq -r .bookingId)
for _ in $(seq 1 100); do [ "$(curl -sS -H "$(auth booker.asha)" "$API/bookings/$BOOKING" | jq -r .status)" = QUOTE_SENT ] && break; sleep 0.2; done
curl -sS -H "$(auth booker.asha)" "$API/bookings/$BOOKING" | jq -r '"  booking \(.bookingId): \(.status), talent \(.talentId), ₹\(.budgetMinor / 100) for \(.clientName)"'
step "Casting KPIs (T2: no-show ≤ 8%)"
get /casting/kpis | jq -c .
