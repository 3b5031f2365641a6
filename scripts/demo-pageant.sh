#!/usr/bin/env bash
# Runs a small pageant season (B3) end to end against a running TalentOS (./mvnw -pl api -am spring-boot:run):
# 12 contestants (and one ineligible registration), 2 stages, 3 judges scoring blind, one conflict of interest and
# one tie; the director freezes each stage, the director and then the independent auditor approve, the ranking is
# published when the embargo lifts (three minutes after the start), and the score chain is verified.
# Needs curl and jq.  Usage: scripts/demo-pageant.sh [base-url] [tenant] [token-endpoint]
set -euo pipefail
BASE=${1:-http://localhost:8080}
TENANT=${2:-demo}
TOKEN_ENDPOINT=${3:-http://localhost:8090/talentos-dev/token}
API="$BASE/api/v1/tenants/$TENANT"
command -v jq >/dev/null || { echo "This demo needs jq (apt-get install jq)"; exit 1; }
source "$(dirname "$0")/demo-lib.sh" # token, auth, step

get() { curl -sS -H "$(auth "${2:-director.priya}")" "$API$1"; }
season() { get "/pageant/seasons/$SEASON"; }
wait_for() { # wait_for JQ-FILTER: until the season view satisfies it
  for _ in $(seq 1 300); do [ "$(season | jq -r "$1")" = true ] && return 0; sleep 0.2; done
  echo "season did not reach: $1" >&2; exit 1
}
task() { # task ELEMENT_ID [USER] -> open task id of the season
  for _ in $(seq 1 150); do
    local t; t=$(get "/tasks?state=CREATED&bookingId=$SEASON" "${2:-director.priya}" | jq -r --arg e "$1" '.[] | select(.elementId == $e) | .taskId' | head -1)
    [ -n "$t" ] && { echo "$t"; return 0; }; sleep 0.2
  done; echo "no open task $1" >&2; exit 1
}
complete() { post "/tasks/$(task "$1" "$2")/complete" "$2" "$3" | jq -r '"  task \(.name) completed by \(.completedBy)"'; }
freeze() { # reviews the stage's anomaly flags if it raised any, then freezes it
  for _ in $(seq 1 150); do
    local open; open=$(get "/tasks?state=CREATED&bookingId=$SEASON" | jq -r '[.[] | select(.elementId == "Task_ReviewAnomalies" or .elementId == "Task_FreezeStage")][0] // empty')
    [ -z "$open" ] && { sleep 0.2; continue; }
    if [ "$(jq -r .elementId <<<"$open")" = Task_ReviewAnomalies ]; then # one for the director, one for the auditor
      local who=director.priya; [ "$(jq -r '.candidateGroups[0]' <<<"$open")" = auditor ] && who=auditor.ila
      [ $who = director.priya ] && jq -r '.variables.anomalyFlags[] | "  flag: \(.kind) \(.judgeId): \(.detail)"' <<<"$open"
      post "/tasks/$(jq -r .taskId <<<"$open")/complete" $who '{"anomaliesReviewed":true,"anomalyNote":"Judge briefed; scores stand"}' | jq -r '"  task \(.name) completed by \(.completedBy)"'
    else
      post "/tasks/$(jq -r .taskId <<<"$open")/complete" director.priya '{"freezeConfirmed":true}' | jq -r '"  task \(.name) completed by \(.completedBy)"'
      return 0
    fi
  done; echo "no freeze task" >&2; exit 1
}

NOW=$(date -u +%s)
CLOSES=$(date -u -d "@$((NOW + 90))" +%Y-%m-%dT%H:%M:%SZ)   # the director closes registration before this anyway
EMBARGO=$(date -u -d "@$((NOW + 180))" +%Y-%m-%dT%H:%M:%SZ)
step "1. director.priya builds the season: 2 stages, prize pool ₹50,000 / ₹20,000 / ₹10,000, embargo until $EMBARGO"
CRIT1='[{"key":"poise","label":"Poise","weightPercent":50},{"key":"talk","label":"Talk","weightPercent":50}]'
CRIT2='[{"key":"presence","label":"Stage presence","weightPercent":60},{"key":"answer","label":"Final answer","weightPercent":40}]'
SEASON=$(post /pageant/seasons director.priya "{\"name\":\"Miss Monsoon $RANDOM\",\"registrationClosesAt\":\"$CLOSES\",\"referenceDate\":\"$(date -u +%Y-%m-%d)\",\"minAge\":16,\"maxAge\":28,\"regions\":[\"Kerala\",\"Karnataka\"],\"maxPriorTitles\":0,\"prizePool\":[5000000,2000000,1000000],\"currency\":\"INR\",\"embargoUntil\":\"$EMBARGO\",\"stages\":[{\"stageKey\":\"prelim\",\"name\":\"Preliminary round\",\"weightPercent\":40,\"criteria\":$CRIT1,\"scaleMin\":1,\"scaleMax\":10,\"dropHighLow\":false,\"tieBreakCriteria\":[\"talk\"]},{\"stageKey\":\"final\",\"name\":\"Final round\",\"weightPercent\":60,\"criteria\":$CRIT2,\"scaleMin\":1,\"scaleMax\":10,\"dropHighLow\":true,\"tieBreakCriteria\":[\"answer\"]}]}" | jq -r .seasonId)
post "/pageant/seasons/$SEASON/open" director.priya | jq -r '"  season \(.seasonId) open: pageant-season instance \(.processInstanceKey)"'
step "2. Registration: the eligibility DMN refuses one; 12 are verified (a 17-year-old with her guardian's consent)"
post "/pageant/seasons/$SEASON/registrations" director.priya '{"fullName":"Asha Varma","birthDate":"1990-01-01","region":"Kerala","priorTitles":0}' | jq -r '"  \(.fullName): \(.status) (\(.eligibilityReason))"'
NAMES=(Anika Bela Chitra Diya Esha Farah Gauri Hema Isha Jaya Kavya Lina)
CODES=()
for i in $(seq 0 11); do
  if [ "$i" = 11 ]; then BORN=$(date -u -d '-17 years -10 days' +%Y-%m-%d); else BORN=$(date -u -d "-$((19 + i % 9)) years -10 days" +%Y-%m-%d); fi
  REG=$(post "/pageant/seasons/$SEASON/registrations" director.priya "{\"fullName\":\"${NAMES[$i]} Menon\",\"birthDate\":\"$BORN\",\"region\":\"Kerala\",\"priorTitles\":0}")
  MINOR=$(jq -r .minor <<<"$REG")
  CODES+=("$(post "/pageant/registrations/$(jq -r .registrationId <<<"$REG")/verify" director.priya "{\"guardianConsent\":$MINOR}" | jq -r .contestantCode)")
done
echo "  verified as ${CODES[*]} (judges only ever see these codes)"
for stage in prelim final; do for judge in judge.arun judge.bela judge.chen; do
  curl -sS -o /dev/null -X POST "$API/pageant/seasons/$SEASON/stages/$stage/judges" -H 'Content-Type: application/json' -H "$(auth director.priya)" -d "{\"judgeId\":\"$judge\"}"
done; done; echo "  judges arun, bela and chen assigned to both stages"
post "/pageant/seasons/$SEASON/close-registration" director.priya >/dev/null || true
wait_for '.stages[0].status == "SCORING"'
step "3. Preliminary round: judge.chen declares a conflict with ${CODES[4]}; ${CODES[2]} and ${CODES[3]} tie on 7.0"
curl -sS -X POST "$API/judging/seasons/$SEASON/conflicts" -H 'Content-Type: application/json' -H "$(auth judge.chen)" -d "{\"contestantCode\":\"${CODES[4]}\",\"reason\":\"Cousin of the contestant\"}"
get "/judging/seasons/$SEASON/stages/prelim/contestants" judge.chen | jq -c '"  what judge.chen sees: \(.[:3])…"' -r
score() { # score JUDGE STAGE CODE JSON
  curl -sS -o /dev/null -w '%{http_code}' -X POST "$API/judging/seasons/$SEASON/stages/$2/scorecards" -H 'Content-Type: application/json' -H "$(auth "$1")" -d "{\"contestantCode\":\"$3\",\"criterionScores\":$4}" | grep -q '^201$'
}
for judge in judge.arun judge.bela judge.chen; do
  for i in $(seq 0 11); do
    [ "$judge" = judge.chen ] && [ "$i" = 4 ] && continue
    case $i in 2) S='{"poise":8,"talk":6}';; 3) S='{"poise":6,"talk":8}';; *) S="{\"poise\":$((2 + (i * 7) % 9)),\"talk\":$((1 + (i * 5) % 10))}";; esac
    score "$judge" prelim "${CODES[$i]}" "$S"
  done
done; echo "  35 scorecards (12 + 12 + 11), each hash-chained and signed with its judge's key"
freeze
wait_for '.stages[0].status == "FROZEN" and .stages[1].status == "SCORING"'
step "4. Final round (drop high/low): judge.chen scores five points below the panel and is flagged"
for judge in judge.arun judge.bela judge.chen; do
  for i in $(seq 0 11); do
    [ "$judge" = judge.chen ] && [ "$i" = 4 ] && continue
    B=$((6 + (i * 3) % 5)); O=0; [ "$judge" = judge.chen ] && O=-5; [ "$judge" = judge.bela ] && [ $B -lt 10 ] && [ $((i % 2)) = 0 ] && O=1
    score "$judge" final "${CODES[$i]}" "{\"presence\":$((B + O)),\"answer\":$((B + O))}"
  done
done; echo "  35 scorecards"
freeze
step "5. Results: the director approves, then the independent auditor (the director cannot do both)"
complete Task_DirectorApproval director.priya '{"resultsChecked":true}'
curl -sS -X POST "$API/tasks/$(task Task_AuditorApproval auditor.ila)/complete" -H 'Content-Type: application/json' -H "$(auth director.priya)" -d '{"resultsApproved":true}' | jq -r '"  director.priya as auditor: \(.status) \(.detail)"'
get "/pageant/seasons/$SEASON/results" auditor.ila | jq -r '.stageResults.prelim.tieBreaks[] | "  prelim tie-break: \(.contestantCodes | join(" = ")) decided by \(.rule): \(.orderAfter | join(" > "))"'
complete Task_AuditorApproval auditor.ila '{"resultsApproved":true}'
step "6. The embargo: until $EMBARGO the results do not exist for anyone"
curl -sS "$BASE/api/v1/pageant-results/$TENANT/$SEASON" | jq -r '"  before: \(.status) \(.detail)"'
echo "  waiting for the embargo to lift…"
for _ in $(seq 1 900); do [ "$(season | jq -r .status)" = PUBLISHED ] && break; sleep 0.2; done
curl -sS "$BASE/api/v1/pageant-results/$TENANT/$SEASON" | jq -r '"  published \(.publishedAt), result \(.fingerprint[:16])…", (.ranking[] | "  \(.rank). \(.contestantCode) \(.fullName)  \(.score)")'
step "7. Prize money released from escrow, and the score chain verified"
curl -sS -H "$(auth fin.ravi)" "$API/ledger/entries?bookingId=$SEASON" | jq -r '.[] | "  \(.kind): \(.description)"'
get "/pageant/seasons/$SEASON/score-chain/verification" auditor.ila | jq -r '"  score chain intact=\(.intact), \(.rowsChecked) rows checked"'
