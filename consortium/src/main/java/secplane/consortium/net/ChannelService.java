package secplane.consortium.net;

import secplane.privacy.transport.FramedChannel;

/**
 * One kind of request a member node serves. The node's listener authenticates the peer (mutual TLS, the
 * certificate mapped to a configured member), reads the opening frame naming the kind, and hands the channel to the
 * service registered for it; the service then speaks its own messages on the channel until it returns.
 */
public interface ChannelService {
    /** The request kind, e.g. {@code trace.onward}; unique within a node. */
    String kind();

    /**
     * Serves one request. {@code peer} is the authenticated member name, never a value taken from the request.
     * Throwing tells the peer the request failed (the listener sends an ERROR frame with the message) and closes the
     * channel; it never stops the node.
     */
    void serve(FramedChannel channel, String peer) throws Exception;
}
