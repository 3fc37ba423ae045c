package dev.berth.core.nodes;

import java.util.List;

/** What runs on a node, as the contexts that place work on nodes know it (container services' colours, Drupal sites). */
public interface NodeWorkloads {

    /** Descriptions of what runs on the node (e.g. {@code service quotas, colour blue}); empty when nothing does. */
    List<String> on(String nodeId);

    /** Stops everything on the node (a forced destroy), recording why. */
    void terminateAll(String nodeId, String reason);

    NodeWorkloads NONE = new NodeWorkloads() {
        @Override
        public List<String> on(String nodeId) {
            return List.of();
        }

        @Override
        public void terminateAll(String nodeId, String reason) {
        }
    };
}
