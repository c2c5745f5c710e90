#!/bin/sh
# Never answers: the gate must kill it at the timeout. Records its pid so the test can check
# that nothing survives the kill.
echo $$ > "$HANG_PIDFILE"
exec sleep 600
