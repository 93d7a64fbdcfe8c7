#!/bin/sh
# check_layers.sh -- fails when a file under server/ includes a header of a higher layer.
#
# The layers, lowest first; a folder may include its own headers and those
# of the folders before it, never after:
#   util model zoho inventory scenario contract admin http verify (main.c on top)
# One exception: http/handlers.h, the one header that lists every route
# handler, is included by the files that implement them.
cd "$(dirname "$0")/.." || exit 2
order="util model zoho inventory scenario contract admin http verify"
rank() { i=0; for l in $order; do [ "$l" = "$1" ] && { echo $i; return; }; i=$((i + 1)); done; echo 99; }
bad=0
for f in server/*/*.c server/*/*.h; do
    layer=$(echo "$f" | cut -d/ -f2)
    mine=$(rank "$layer")
    for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z_]*\.h".*/\1/p' "$f" | sort -u); do
        [ "$(rank "$inc")" -le "$mine" ] && continue
        if [ "$inc" = http ] && grep -q '^#include "http/handlers.h"' "$f" &&
           [ "$(grep -c '^#include "http/' "$f")" = 1 ]; then continue; fi
        echo "$f ($layer) includes a header of $inc: $(grep "^#include \"$inc/" "$f" | tr '\n' ' ')"
        bad=1
    done
done
[ $bad = 0 ] && echo "layers: no include reaches up ($(ls server/*/*.[ch] | wc -l) files)"
exit $bad
