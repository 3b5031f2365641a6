# Helpers shared by the demo scripts (sourced, not run). Needs TOKEN_ENDPOINT, curl and jq.

token() { # token USER[+mfa] -> a signed JWT for the demo user; +mfa logs in with a second factor (step-up)
  local user=${1%+mfa} extra=""
  [ "$user" != "$1" ] && extra="&acr_values=mfa"
  curl -sS -X POST "$TOKEN_ENDPOINT" -d "grant_type=client_credentials&client_id=$user&client_secret=dev$extra" | jq -r .access_token
}
auth() { echo "Authorization: Bearer $(token "${1:-booker.asha}")"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
