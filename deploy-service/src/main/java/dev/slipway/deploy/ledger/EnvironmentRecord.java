package dev.slipway.deploy.ledger;

import dev.slipway.events.DeployRequested;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What the ledger keeps for one environment of a plan: the requests accepted but not finished
 * (replayed after a restart), the deployment touched last, and the builds whose apps exist
 * (several in a per-build environment). Mutable, and only ever touched under the ledger's lock.
 */
final class EnvironmentRecord {
    public List<DeployRequested> pending = new ArrayList<>();
    public Deployment current;
    /** The last deployment that ran healthy: what a stable environment serves while a newer build is tried or rolled back. */
    public Deployment serving;
    public TreeMap<Long, Deployment> kept = new TreeMap<>();
}
