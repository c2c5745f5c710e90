#!/bin/sh
echo "segmentation fault (simulated)" >&2
exit 139
