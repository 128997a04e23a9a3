#!/bin/sh
# Time every report on the generated store, with peak memory (GNU time).
#   python bench/generate.py && sh bench/report_times.sh [STORE]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
db=${1:-$here/data/funnel-1m.db}
py=${PYTHON:-python}
export FUNNEL_NOW=2026-11-20 FUNNEL_CONFIG="$here/data/no-config.toml"
for args in "funnel -f json" "funnel -f table" "funnel --since 2025-01-01" "funnel --owner rep03 --since 2025-01-01" \
            "funnel --source web" "sources" "owners" "trend" "abc" "rfm"; do
    /usr/bin/time -f "report $args: %e s wall, %M KB peak" \
        $py -m funnel --db "$db" report $args > /dev/null
done
