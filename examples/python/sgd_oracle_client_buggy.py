#!/usr/bin/env python3
"""The numpy client with a planted scaling bug, which `sgd-oracle check` must reject.

The bug: the SGD batch gradient is averaged over the batch instead of summed, the classic
slip when porting from frameworks whose losses are means. The effective step per sample drops
from gamma to gamma/kappa, so every SGD case with kappa > 1 moves far too slowly.
"""
import sgd_oracle_client as client

client.BATCH_GRADIENT = "mean"

if __name__ == "__main__":
    client.main()
