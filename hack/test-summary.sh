#!/usr/bin/env bash
# Prints, as the last lines of `make test`, what ran against real parts and
# what was skipped for lack of them. Arguments: the APISIX schemas directory
# and the apisix-runtime launcher ("" when absent).
schemas="$1" runtime="$2"
echo
echo "== make test: real parts =="
if [[ -n "$schemas" ]]; then
  echo "APISIX schemas:  $schemas (every translated object checked against APISIX 3.18's own schemas)"
else
  echo "SKIPPED: APISIX schema checks and the suites that need them (webhook, controller, translator goldens vs APISIX):"
  echo "         no ../shared/apisix-schemas beside the checkout; set APISIX_SCHEMAS=DIR."
fi
if [[ -n "$runtime" ]]; then
  echo "APISIX runtime:  $runtime (tests/e2e and dev --demo sent real requests through APISIX 3.18.0)"
else
  echo "SKIPPED: tests/e2e, the real-APISIX suite (requests through APISIX, no-reload, differential double test) and dev --demo's requests:"
  echo "         no ../shared/apisix-runtime beside the checkout; install it with"
  echo "         ../shared/apisix-runtime/apisix-runtime install, or set APISIX_RUNTIME=/path/to/apisix-runtime."
fi
