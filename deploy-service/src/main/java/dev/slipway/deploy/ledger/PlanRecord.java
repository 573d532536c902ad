package dev.slipway.deploy.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The ledger's file for one plan. Mutable, and only ever touched under the ledger's lock. */
final class PlanRecord {
    /** How many handled request ids are remembered to recognise a redelivery. */
    static final int REMEMBERED_REQUESTS = 1000;

    public TreeMap<String, EnvironmentRecord> environments = new TreeMap<>();
    public List<String> handledRequests = new ArrayList<>();
    /** Pull requests' previews ({@code pr-<number>}) to their closing time: a preview of an older head is not deployed. */
    public TreeMap<String, Instant> closedPreviews = new TreeMap<>();
    /** Removals of environments asked for and not done yet: done again after a restart. */
    public List<Removal> pendingRemovals = new ArrayList<>();

    EnvironmentRecord environment(String name) {
        return environments.computeIfAbsent(name, n -> new EnvironmentRecord());
    }

    boolean remember(String requestId) {
        if (handledRequests.contains(requestId)) {
            return false;
        }
        handledRequests.add(requestId);
        if (handledRequests.size() > REMEMBERED_REQUESTS) {
            handledRequests.subList(0, handledRequests.size() - REMEMBERED_REQUESTS).clear();
        }
        return true;
    }
}
