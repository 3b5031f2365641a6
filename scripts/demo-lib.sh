# Helpers shared by the demo scripts (sourced, not run). Needs TOKEN_ENDPOINT, curl and jq.

token() { # token USER[+mfa] -> a signed JWT for the demo user; +mfa logs in with a second factor (step-up)
  local user=${1%+mfa} extra=""
  [ "$user" != "$1" ] && extra="&acr_values=mfa"
  curl -sS -X POST "$TOKEN_ENDPOINT" -d "grant_type=client_credentials&client_id=$user&client_secret=dev$extra" | jq -r .access_token
}
auth() { echo "Authorization: Bearer $(token "${1:-booker.asha}")"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
post() { # post PATH USER [JSON]: POST to $API, print the body, stop the demo on anything but 2xx
  local out; out=$(curl -sS -X POST "$API$1" -H 'Content-Type: application/json' -H "$(auth "$2")" -d "${3:-{\}}" -w '\n%{http_code}')
  local code=${out##*$'\n'}; local body=${out%$'\n'*}
  if [ "${code:0:1}" != 2 ]; then echo "HTTP $code: $body" >&2; exit 1; fi
  echo "$body"
}

# Contracts (issue 5). Without an SMTP server (spring.mail.host) the app writes each email as an .eml file into
# talentos.contracts.mail-pickup-dir (default <tmp>/talentos-mail); the signers here read their links and codes there.
MAIL_DIR=${TALENTOS_MAIL_DIR:-${TMPDIR:-/tmp}/talentos-mail}

newest_mail() { # newest_mail EMAIL SUBJECT-PREFIX -> the newest .eml file to that address with that subject
  for _ in $(seq 1 150); do
    local f; f=$( (grep -l -i -F "To: $1" "$MAIL_DIR"/*.eml 2>/dev/null || true) | xargs -r grep -l "^Subject: $2" | sort | tail -1 || true)
    [ -n "$f" ] && { echo "$f"; return 0; }; sleep 0.2
  done; echo "no email '$2' to $1 in $MAIL_DIR" >&2; exit 1
}

mail_count() { # mail_count EMAIL SUBJECT-PREFIX -> how many such emails arrived
  (grep -l -i -F "To: $1" "$MAIL_DIR"/*.eml 2>/dev/null || true) | (xargs -r grep -l "^Subject: $2" || true) | wc -l
}

sign_as() { # sign_as API-BASE EMAIL: opens the emailed link, asks for a one-time code, reads it and signs
  local base=$1 email=$2 link otp before
  link=$(grep -o '/api/v1/signing/[A-Za-z0-9_./-]*' "$(newest_mail "$email" 'Please sign')" | tail -1)
  curl -sS "$base$link" | jq -r '"  \(.signerName) (\(.role)) opens the link: \(.title), version \(.version), \(.status)"'
  before=$(mail_count "$email" 'Your signing code')
  curl -sS -o /dev/null -X POST "$base$link/otp"
  for _ in $(seq 1 150); do
    [ "$(mail_count "$email" 'Your signing code')" -gt "$before" ] && break; sleep 0.2
  done
  otp=$(grep -o 'is [0-9]\{6\}\.' "$(newest_mail "$email" 'Your signing code')" | grep -o '[0-9]\{6\}')
  curl -sS -X POST "$base$link/sign" -H 'Content-Type: application/json' -d "{\"otp\":\"$otp\"}" \
    | jq -r '"  \(.name) signed with the emailed code (\(.channel))"'
}

sign_booking_contract() { # sign_booking_contract API BOOKING-ID: signers, submit, client, talent and agency sign
  local api=$1 id=$2 cid tag=${2%%-*}
  for _ in $(seq 1 100); do
    cid=$(curl -sS -H "$(auth booker.asha)" "$api/contracts?bookingId=$id" | jq -r '.[0].contractId // empty')
    [ -n "$cid" ] && break; sleep 0.2
  done
  echo "  contract $cid drafted from the BOOKING template when the quote was accepted"
  curl -sS -X PUT "$api/contracts/$cid/signers" -H 'Content-Type: application/json' -H "$(auth booker.asha)" -d "[
    {\"role\":\"CLIENT\",\"name\":\"Lumen Cosmetics\",\"email\":\"client-$tag@lumen.example\"},
    {\"role\":\"TALENT\",\"name\":\"Mira Kapoor\",\"email\":\"mira-$tag@talent.example\"},
    {\"role\":\"AGENCY\",\"name\":\"Demo Modelling Agency\",\"email\":\"contracts-$tag@demo-agency.example\"}]" \
    | jq -r '.[] | "  signer \(.group): \(.role) \(.name) <\(.email)>"'
  curl -sS -X POST "$api/contracts/$cid/submit" -H "$(auth booker.asha)" | jq -r '"  submitted: contract-signing instance \(.processInstanceKey)"'
  local base=${api%/api/v1/tenants/*}
  for email in "client-$tag@lumen.example" "mira-$tag@talent.example" "contracts-$tag@demo-agency.example"; do
    sign_as "$base" "$email"
  done
  for _ in $(seq 1 150); do
    [ "$(curl -sS -H "$(auth booker.asha)" "$api/contracts/$cid" | jq -r .status)" = ACTIVE ] && break; sleep 0.2
  done
  curl -sS -H "$(auth booker.asha)" "$api/contracts/$cid" | jq -r '"  contract \(.status): sealed PDF in the evidence vault, obligations \([.obligations[].kind] | join(", "))"'
  CONTRACT_ID=$cid
}
